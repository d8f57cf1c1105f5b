-- query
SELECT user_id::text AS user_key, COUNT(*) AS n FROM heartbeats
WHERE branch = '<<LAST_BRANCH>>' OR project = '<<LAST_PROJECT>>'
GROUP BY user_id ORDER BY user_id
-- rewritten
SELECT CAST(user_id AS text) AS user_key, COUNT(*) AS n
FROM heartbeats
WHERE branch_id IN (SELECT id
      FROM public.heartbeat_branches
      WHERE name = '<<LAST_BRANCH>>') OR project_id IN (SELECT id
      FROM public.heartbeat_projects
      WHERE name = '<<LAST_PROJECT>>')
GROUP BY user_id
ORDER BY user_id
-- * branch of heartbeats: filtered by branch_id
-- * project of heartbeats: filtered by project_id
