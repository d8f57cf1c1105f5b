-- query
SELECT language, COUNT(*) FROM heartbeats WHERE user_id = 25 AND language LIKE 'R%' AND language <> 'Ruby'
GROUP BY language ORDER BY 1
-- rewritten
SELECT l_language.name AS language, q.count
FROM (SELECT language_id, COUNT(*)
    FROM heartbeats
    WHERE user_id = 25 AND CASE WHEN language_id IS NOT NULL THEN language_id IN (SELECT id
            FROM public.heartbeat_languages
            WHERE name LIKE 'R%') END AND language_id <> 10
    GROUP BY language_id) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY 1
-- * language: 'Ruby' is id 10 of heartbeat_languages (read now; ids do not change)
-- * language of heartbeats: grouped, carried, filtered by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
