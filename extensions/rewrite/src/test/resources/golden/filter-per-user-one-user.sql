-- query
SELECT id FROM heartbeats WHERE user_id = 4 AND branch LIKE '<<%'
-- rewritten
SELECT id
FROM heartbeats
WHERE user_id = 4 AND branch_id IN (SELECT id
      FROM public.heartbeat_branches
      WHERE user_id = 4 AND name LIKE '<<%')
-- * branch of heartbeats: filtered by branch_id
