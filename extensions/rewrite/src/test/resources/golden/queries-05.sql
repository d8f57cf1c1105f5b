-- query
SELECT language, COUNT(*) AS n FROM heartbeats
WHERE user_id = 1 AND time >= 1767225600 AND time < 1767400000
GROUP BY language ORDER BY n DESC, language LIMIT 10
-- rewritten (orders every column)
SELECT l_language.name AS language, q.n
FROM (SELECT language_id, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id = 1 AND time >= 1767225600 AND time < 1767400000
    GROUP BY language_id) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY n DESC, language
LIMIT 10
-- * language of heartbeats: grouped, carried by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
