-- query
SELECT DISTINCT language, COUNT(*) OVER (PARTITION BY language) AS n FROM heartbeats WHERE user_id = 6
-- rewritten
SELECT l_language.name AS language, q.n
FROM (SELECT DISTINCT language_id, COUNT(*) OVER (PARTITION BY language_id) AS n
    FROM heartbeats
    WHERE user_id = 6) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
-- * language of heartbeats: partitioned, made distinct by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
