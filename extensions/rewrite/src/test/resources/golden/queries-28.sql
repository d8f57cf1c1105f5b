-- query
SELECT operating_system, COUNT(*) AS n FROM heartbeats GROUP BY operating_system HAVING COUNT(*) > 100 ORDER BY operating_system
-- rewritten
SELECT l_operating_system.name AS operating_system, q.n
FROM (SELECT operating_system_id, COUNT(*) AS n
    FROM heartbeats
    GROUP BY operating_system_id
    HAVING COUNT(*) > 100) AS q
  LEFT JOIN public.heartbeat_operating_systems AS l_operating_system ON l_operating_system.id = q.operating_system_id
ORDER BY operating_system
-- * operating_system of heartbeats: grouped, carried by operating_system_id
-- * names joined once per result row, after grouping: heartbeat_operating_systems
