-- query
SELECT COUNT(DISTINCT language) AS languages, COUNT(language) AS with_language FROM heartbeats
-- rewritten
SELECT COUNT(DISTINCT language_id) AS languages, COUNT(language_id) AS with_language
FROM heartbeats
-- * language of heartbeats: counted, counted distinct by language_id
