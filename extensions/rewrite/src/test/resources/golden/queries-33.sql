-- query
SELECT language, COUNT(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted, COUNT(*) AS all_rows
FROM heartbeats WHERE user_id <= 10 GROUP BY language ORDER BY all_rows DESC, language LIMIT 12
-- rewritten
SELECT l_language.name AS language, q.deleted, q.all_rows
FROM (SELECT language_id, COUNT(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted, COUNT(*) AS all_rows
    FROM heartbeats
    WHERE user_id <= 10
    GROUP BY language_id) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY all_rows DESC, language
LIMIT 12
-- * language of heartbeats: grouped, carried by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
