-- query
SELECT language, COUNT(*) FROM heartbeats WHERE user_id = 2 AND language <> 'a
b' GROUP BY language
-- rewritten
SELECT l_language.name AS language, q.count
FROM (SELECT language_id, COUNT(*)
    FROM heartbeats
    WHERE user_id = 2 AND (language_id IS NOT NULL AND language_id NOT IN (SELECT id
              FROM public.heartbeat_languages
              WHERE name = E'a\nb'))
    GROUP BY language_id) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
-- * language of heartbeats: grouped, carried, filtered by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
