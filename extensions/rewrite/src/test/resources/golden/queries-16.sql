-- query
SELECT date_trunc('day', to_timestamp(time) AT TIME ZONE 'America/New_York') AS day, COUNT(DISTINCT language) AS languages
FROM heartbeats WHERE user_id = 2 GROUP BY 1 ORDER BY 1
-- rewritten
SELECT DATE_TRUNC('day', to_timestamp(time) AT TIME ZONE 'America/New_York') AS day, COUNT(DISTINCT language_id) AS languages
FROM heartbeats
WHERE user_id = 2
GROUP BY 1
ORDER BY 1
-- * language of heartbeats: counted distinct by language_id
