-- query
SELECT DISTINCT ON (user_id) user_id, project, time FROM heartbeats WHERE user_id <= 25 ORDER BY user_id, time DESC, id
-- rewritten
SELECT q.user_id, (SELECT l_project.name
    FROM public.heartbeat_projects AS l_project
    WHERE l_project.id = q.project_id) AS project, q.time
FROM (SELECT DISTINCT ON (user_id) user_id, project_id, time
    FROM heartbeats
    WHERE user_id <= 25
    ORDER BY user_id, time DESC, id) AS q
ORDER BY user_id
-- * project of heartbeats: carried by project_id
-- * names looked up by id once per result row, after grouping: heartbeat_projects
