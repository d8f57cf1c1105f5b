-- query
select distinct project, user_id from heartbeats order by 1, 2
-- rewritten (orders every column)
SELECT (SELECT l_project.name
    FROM public.heartbeat_projects AS l_project
    WHERE l_project.id = q.project_id) AS project, q.user_id
FROM (SELECT DISTINCT project_id, user_id
    FROM heartbeats) AS q
ORDER BY 1, 2
-- * project of heartbeats: made distinct by project_id
-- * names looked up by id once per result row, after grouping: heartbeat_projects
