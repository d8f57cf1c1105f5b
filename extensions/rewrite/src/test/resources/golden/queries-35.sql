-- query
SELECT date_trunc('hour', to_timestamp(time)) AS hour, language, COUNT(*) AS n
FROM heartbeats WHERE user_id = 24 GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2
-- rewritten (orders every column)
SELECT q.hour, l_language.name AS language, q.n
FROM (SELECT DATE_TRUNC('hour', to_timestamp(time)) AS hour, language_id, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id = 24
    GROUP BY 1, 2) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY 1, 3 DESC, 2
-- * language of heartbeats: carried by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
