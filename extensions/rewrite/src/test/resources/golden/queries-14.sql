-- query
SELECT user_id, machine, COUNT(*) AS n FROM heartbeats WHERE user_id < 30 GROUP BY user_id, machine ORDER BY user_id, n DESC, machine
-- rewritten (orders every column)
SELECT q.user_id, (SELECT l_machine.name
    FROM public.heartbeat_machines AS l_machine
    WHERE l_machine.id = q.machine_id) AS machine, q.n
FROM (SELECT user_id, machine_id, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id < 30
    GROUP BY user_id, machine_id) AS q
ORDER BY user_id, n DESC, machine
-- * machine of heartbeats: grouped, carried by machine_id
-- * names looked up by id once per result row, after grouping: heartbeat_machines
