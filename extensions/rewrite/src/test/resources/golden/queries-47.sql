-- query
SELECT DISTINCT branch FROM heartbeats WHERE user_id = 31 AND project = 'website-0' ORDER BY branch NULLS FIRST
-- rewritten (orders every column)
SELECT l_branch.name AS branch
FROM (SELECT DISTINCT branch_id
    FROM heartbeats
    WHERE user_id = 31 AND project_id = (SELECT id
          FROM public.heartbeat_projects
          WHERE user_id = 31 AND name = 'website-0')) AS q
  LEFT JOIN public.heartbeat_branches AS l_branch ON l_branch.id = q.branch_id AND l_branch.user_id = 31
ORDER BY branch NULLS FIRST
-- * branch of heartbeats: made distinct by branch_id
-- * project of heartbeats: filtered by project_id
-- * names joined once per result row, after grouping: heartbeat_branches
