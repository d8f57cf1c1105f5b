-- query
SELECT user_id::text AS user_key, language, COUNT(*) AS n FROM heartbeats WHERE user_id BETWEEN 40 AND 60
GROUP BY user_id, language HAVING COUNT(*) > 50 ORDER BY user_id, n DESC, language
-- rewritten
SELECT q.user_key, l_language.name AS language, q.n
FROM (SELECT CAST(user_id AS text) AS user_key, language_id, COUNT(*) AS n, user_id AS o
    FROM heartbeats
    WHERE user_id BETWEEN 40 AND 60
    GROUP BY user_id, language_id
    HAVING COUNT(*) > 50) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY q.o, n DESC, language
-- * language of heartbeats: grouped, carried by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
