-- query
SELECT language, COUNT(*) AS heartbeats, MIN(to_timestamp(time)) AS first, MAX(to_timestamp(time)) AS last
FROM heartbeats
WHERE user_id = 32 AND to_timestamp(time) >= timestamp '2026-01-01 00:00:00'
  AND to_timestamp(time) < timestamp '2026-01-03 00:00:00'
GROUP BY language ORDER BY heartbeats DESC, language
-- rewritten
SELECT l_language.name AS language, q.heartbeats, q.first, q.last
FROM (SELECT language_id, COUNT(*) AS heartbeats, MIN(to_timestamp(time)) AS first, MAX(to_timestamp(time)) AS last
    FROM heartbeats
    WHERE user_id = 32 AND to_timestamp(time) >= TIMESTAMP '2026-01-01 00:00:00' AND to_timestamp(time) < TIMESTAMP '2026-01-03 00:00:00'
    GROUP BY language_id) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY heartbeats DESC, language
-- * language of heartbeats: grouped, carried by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
