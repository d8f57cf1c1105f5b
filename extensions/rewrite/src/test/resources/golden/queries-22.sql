-- query
WITH recent AS MATERIALIZED (SELECT user_id, language, time FROM heartbeats WHERE time > 1767300000)
SELECT language, COUNT(*) AS n FROM recent WHERE user_id <= 100 GROUP BY language ORDER BY n DESC, language
-- rewritten (orders every column)
WITH recent AS MATERIALIZED (SELECT user_id, language_id, time
    FROM heartbeats
    WHERE time > 1767300000) (SELECT l_language.name AS language, q.n
    FROM (SELECT language_id, COUNT(*) AS n
        FROM recent
        WHERE user_id <= 100
        GROUP BY language_id) AS q
      LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
    ORDER BY n DESC, language)
-- * language of heartbeats: carried by language_id
-- * language of recent: grouped, carried by id
-- * names joined once per result row, after grouping: heartbeat_languages
