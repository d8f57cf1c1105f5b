-- query
SELECT language, COUNT(*) FROM heartbeats
WHERE user_id = 4 AND to_timestamp(time) > timestamp '2026-01-03 00:00:00' - interval '7 days'
GROUP BY language ORDER BY 2 DESC, 1
-- rewritten (orders every column)
SELECT l_language.name AS language, q.count
FROM (SELECT language_id, COUNT(*)
    FROM heartbeats
    WHERE user_id = 4 AND to_timestamp(time) > TIMESTAMP '2026-01-03 00:00:00' - interval '7 days'
    GROUP BY language_id) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY 2 DESC, 1
-- * language of heartbeats: grouped, carried by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
