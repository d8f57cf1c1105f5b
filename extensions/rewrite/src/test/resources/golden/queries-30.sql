-- query
SELECT language, COUNT(*) FROM heartbeats WHERE user_id = 19 AND NOT (language = 'Cobol' OR editor = 'Zed') GROUP BY language ORDER BY 1
-- rewritten
SELECT l_language.name AS language, q.count
FROM (SELECT language_id, COUNT(*)
    FROM heartbeats
    WHERE user_id = 19 AND NOT (CASE WHEN language_id IS NOT NULL THEN language_id IN (SELECT id
                FROM public.heartbeat_languages
                WHERE name = 'Cobol') END OR editor_id = 42)
    GROUP BY language_id) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY 1
-- * language: 'Cobol' not in heartbeat_languages yet: ids looked up when the query runs
-- * editor: 'Zed' is id 42 of heartbeat_editors (read now; ids do not change)
-- * language of heartbeats: grouped, carried, filtered by language_id
-- * editor of heartbeats: filtered by editor_id
-- * names joined once per result row, after grouping: heartbeat_languages
