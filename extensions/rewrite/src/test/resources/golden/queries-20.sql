-- query
SELECT project, COUNT(*) FROM heartbeats WHERE user_id = 15 AND (project LIKE 'h%' OR language ILIKE '%script%')
GROUP BY project ORDER BY 2 DESC, 1
-- rewritten (orders every column)
SELECT l_project.name AS project, q.count
FROM (SELECT project_id, COUNT(*)
    FROM heartbeats
    WHERE user_id = 15 AND (project_id IN (SELECT id
              FROM public.heartbeat_projects
              WHERE user_id = 15 AND name LIKE 'h%') OR language_id IN (SELECT id
              FROM public.heartbeat_languages
              WHERE name ILIKE '%script%'))
    GROUP BY project_id) AS q
  LEFT JOIN public.heartbeat_projects AS l_project ON l_project.id = q.project_id AND l_project.user_id = 15
ORDER BY 2 DESC, 1
-- * project of heartbeats: grouped, carried, filtered by project_id
-- * language of heartbeats: filtered by language_id
-- * names joined once per result row, after grouping: heartbeat_projects
