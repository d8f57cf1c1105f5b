-- query
SELECT id FROM heartbeats WHERE user_id < 40 AND branch LIKE '<<%'
-- rewritten
SELECT id
FROM heartbeats
WHERE user_id < 40 AND CASE WHEN branch_id IS NOT NULL THEN branch_id IN (SELECT id
        FROM public.heartbeat_branches
        WHERE name LIKE '<<%') END
-- * branch of heartbeats: filtered by branch_id
