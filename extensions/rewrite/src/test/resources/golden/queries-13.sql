-- query
SELECT project, branch, COUNT(*) AS n FROM heartbeats WHERE user_id = 12 GROUP BY project, branch ORDER BY n DESC, project, branch
-- rewritten (orders every column)
SELECT l_project.name AS project, l_branch.name AS branch, q.n
FROM (SELECT project_id, branch_id, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id = 12
    GROUP BY project_id, branch_id) AS q
  LEFT JOIN public.heartbeat_projects AS l_project ON l_project.id = q.project_id AND l_project.user_id = 12
  LEFT JOIN public.heartbeat_branches AS l_branch ON l_branch.id = q.branch_id AND l_branch.user_id = 12
ORDER BY n DESC, project, branch
-- * project of heartbeats: grouped, carried by project_id
-- * branch of heartbeats: grouped, carried by branch_id
-- * names joined once per result row, after grouping: heartbeat_projects, heartbeat_branches
