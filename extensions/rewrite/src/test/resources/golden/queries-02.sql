-- query
SELECT grouped_time, COUNT(*)::integer AS heartbeat_count, MIN(time), MAX(time),
       ARRAY_REMOVE(ARRAY_AGG(DISTINCT NULLIF(language, '')), NULL) AS languages,
       COALESCE(SUM(diff), 0)::integer AS duration
FROM (SELECT project AS grouped_time, time, language,
             CASE WHEN LAG(time) OVER (PARTITION BY project ORDER BY time, id) IS NULL THEN 0
                  ELSE LEAST(time - LAG(time) OVER (PARTITION BY project ORDER BY time, id), 120) END AS diff
      FROM heartbeats
      WHERE deleted_at IS NULL AND user_id = 42 AND project IS NOT NULL AND project <> '') d
GROUP BY grouped_time
-- rewritten
SELECT l_project.name AS grouped_time, q.heartbeat_count, q.min, q.max, q.languages, q.duration
FROM (SELECT d.grouped_time, CAST(COUNT(*) AS integer) AS heartbeat_count, MIN(d.time), MAX(d.time), array_remove(ARRAY_AGG(DISTINCT NULLIF(l_language.name, '')), NULL) AS languages, CAST(COALESCE(SUM(d.diff), 0) AS integer) AS duration
    FROM (SELECT project_id AS grouped_time, time, language_id, CASE WHEN (LAG(time) OVER (PARTITION BY project_id ORDER BY time, id)) IS NULL THEN 0 ELSE least(time - (LAG(time) OVER (PARTITION BY project_id ORDER BY time, id)), 120) END AS diff
        FROM heartbeats
        WHERE deleted_at IS NULL AND user_id = 42 AND project_id IS NOT NULL AND project_id NOT IN (SELECT id
              FROM public.heartbeat_projects
              WHERE user_id = 42 AND name = '')) AS d
      LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = d.language_id
    GROUP BY d.grouped_time) AS q
  LEFT JOIN public.heartbeat_projects AS l_project ON l_project.id = q.grouped_time AND l_project.user_id = 42
-- * project of heartbeats: partitioned, carried, filtered, tested for NULL by project_id
-- * language of heartbeats: carried by language_id
-- * project of d: grouped, carried by id
-- * language of d: name read from heartbeat_languages (compared or shown as text, which ids cannot answer)
-- * names joined once per result row, after grouping: heartbeat_projects
