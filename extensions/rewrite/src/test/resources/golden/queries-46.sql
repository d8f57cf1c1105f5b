-- query
SELECT project, MIN(to_timestamp(time)) AS first_heartbeat, MAX(to_timestamp(time)) AS last_heartbeat, COUNT(*) AS n
FROM heartbeats WHERE user_id = 34 AND project IS NOT NULL
GROUP BY project ORDER BY last_heartbeat DESC, project
-- rewritten
SELECT l_project.name AS project, q.first_heartbeat, q.last_heartbeat, q.n
FROM (SELECT project_id, MIN(to_timestamp(time)) AS first_heartbeat, MAX(to_timestamp(time)) AS last_heartbeat, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id = 34 AND project_id IS NOT NULL
    GROUP BY project_id) AS q
  LEFT JOIN public.heartbeat_projects AS l_project ON l_project.id = q.project_id AND l_project.user_id = 34
ORDER BY last_heartbeat DESC, project
-- * project of heartbeats: grouped, carried, tested for NULL by project_id
-- * names joined once per result row, after grouping: heartbeat_projects
