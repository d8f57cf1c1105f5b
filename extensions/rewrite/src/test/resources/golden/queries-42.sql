-- query
SELECT user_id::text AS user_key, project, COUNT(*) AS n FROM heartbeats
WHERE to_timestamp(time) >= timestamp '2026-01-01 00:00:00' AND to_timestamp(time) < timestamp '2026-01-02 00:00:00'
  AND user_id <= 20
GROUP BY user_id, project ORDER BY user_id, n DESC, project
-- rewritten
SELECT q.user_key, (SELECT l_project.name
    FROM public.heartbeat_projects AS l_project
    WHERE l_project.id = q.project_id) AS project, q.n
FROM (SELECT CAST(user_id AS text) AS user_key, project_id, COUNT(*) AS n, user_id AS o
    FROM heartbeats
    WHERE to_timestamp(time) >= TIMESTAMP '2026-01-01 00:00:00' AND to_timestamp(time) < TIMESTAMP '2026-01-02 00:00:00' AND user_id <= 20
    GROUP BY user_id, project_id) AS q
ORDER BY q.o, n DESC, project
-- * project of heartbeats: grouped, carried by project_id
-- * names looked up by id once per result row, after grouping: heartbeat_projects
