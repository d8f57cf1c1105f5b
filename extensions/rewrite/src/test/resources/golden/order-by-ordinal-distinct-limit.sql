-- query
select distinct language from heartbeats order by 1 desc limit 3
-- rewritten (orders every column)
SELECT l_language.name AS language
FROM (SELECT DISTINCT language_id
    FROM heartbeats) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
ORDER BY 1 DESC
LIMIT 3
-- * language of heartbeats: made distinct by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
