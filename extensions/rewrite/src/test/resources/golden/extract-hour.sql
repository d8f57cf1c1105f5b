-- query
SELECT EXTRACT(hour FROM to_timestamp(time)) AS h, language, COUNT(*) FROM heartbeats WHERE user_id = 4 GROUP BY 1, 2 ORDER BY 1, 2
-- rewritten
SELECT q.h, l_language.name AS language, q.count
FROM (SELECT EXTRACT(HOUR FROM to_timestamp(time)) AS h, language_id, COUNT(*)
    FROM heartbeats
    WHERE user_id = 4
    GROUP BY 1, 2) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY 1, 2
-- * language of heartbeats: carried by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
