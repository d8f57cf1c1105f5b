-- query
SELECT COUNT(DISTINCT user_id) AS users FROM heartbeats
WHERE language = 'Rust' AND to_timestamp(time) >= timestamp '2026-01-01 12:00:00'
-- rewritten
SELECT COUNT(DISTINCT user_id) AS users
FROM heartbeats
WHERE language_id = (SELECT id
      FROM public.heartbeat_languages
      WHERE name = 'Rust') AND to_timestamp(time) >= TIMESTAMP '2026-01-01 12:00:00'
-- * language of heartbeats: filtered by language_id
