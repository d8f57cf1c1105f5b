-- query
SELECT id, time FROM heartbeats WHERE project = '<<LAST_PROJECT>>' AND branch = '<<LAST_BRANCH>>' ORDER BY time DESC, id DESC LIMIT 1
-- rewritten (orders every column)
SELECT id, time
FROM heartbeats
WHERE project_id IN (SELECT id
      FROM public.heartbeat_projects
      WHERE name = '<<LAST_PROJECT>>') AND branch_id IN (SELECT id
      FROM public.heartbeat_branches
      WHERE name = '<<LAST_BRANCH>>')
ORDER BY time DESC, id DESC
LIMIT 1
-- * project of heartbeats: filtered by project_id
-- * branch of heartbeats: filtered by branch_id
