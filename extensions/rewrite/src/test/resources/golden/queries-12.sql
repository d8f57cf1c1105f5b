-- query
SELECT DISTINCT language FROM heartbeats WHERE user_id = 11
-- rewritten
SELECT l_language.name AS language
FROM (SELECT DISTINCT language_id
    FROM heartbeats
    WHERE user_id = 11) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
-- * language of heartbeats: made distinct by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
