-- query
SELECT language, COUNT(*) FILTER (WHERE is_write) AS writes FROM heartbeats WHERE user_id = 16
GROUP BY language ORDER BY 2 DESC, 1
-- rewritten (orders every column)
SELECT l_language.name AS language, q.writes
FROM (SELECT language_id, COUNT(*) FILTER (WHERE is_write) AS writes
    FROM heartbeats
    WHERE user_id = 16
    GROUP BY language_id) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY 2 DESC, 1
-- * language of heartbeats: grouped, carried by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
