-- query
SELECT id FROM heartbeats WHERE user_id = 4 AND project = '<<LAST_PROJECT>>'
-- rewritten
SELECT id
FROM heartbeats
WHERE user_id = 4 AND project_id = (SELECT id
      FROM public.heartbeat_projects
      WHERE user_id = 4 AND name = '<<LAST_PROJECT>>')
-- * project of heartbeats: filtered by project_id
