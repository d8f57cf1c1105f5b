-- query
SELECT project, COUNT(DISTINCT user_id) AS users FROM heartbeats GROUP BY project ORDER BY users DESC, project LIMIT 15
-- rewritten (orders every column)
SELECT l_project.name AS project, COUNT(DISTINCT p.user_id) AS users
FROM (SELECT project_id, user_id
    FROM heartbeats
    GROUP BY project_id, user_id) AS p
  LEFT JOIN public.heartbeat_projects AS l_project ON l_project.id = p.project_id
GROUP BY l_project.name
ORDER BY users DESC, l_project.name
LIMIT 15
-- * grouped by project, user_id first, so only those groups are named
-- * project of heartbeats: grouped, carried by project_id
-- * project of p: name read from heartbeat_projects (user_id is neither grouped with it nor fixed, and one name has an id per user_id)
