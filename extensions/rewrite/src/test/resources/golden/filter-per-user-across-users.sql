-- query
SELECT id, user_id FROM heartbeats WHERE branch = '<<LAST_BRANCH>>' ORDER BY id
-- rewritten
SELECT id, user_id
FROM heartbeats
WHERE branch_id IN (SELECT id
      FROM public.heartbeat_branches
      WHERE name = '<<LAST_BRANCH>>')
ORDER BY id
-- * branch of heartbeats: filtered by branch_id
