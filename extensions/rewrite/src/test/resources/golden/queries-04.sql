-- query
SELECT os, SUM(LEAST(gap, 120)) AS seconds FROM (
  SELECT operating_system AS os, time - LAG(time) OVER (PARTITION BY operating_system ORDER BY time, id) AS gap
  FROM heartbeats WHERE user_id = 3 AND deleted_at IS NULL) g
WHERE gap IS NOT NULL GROUP BY os ORDER BY seconds DESC, os
-- rewritten (orders every column)
SELECT l_operating_system.name AS os, q.seconds
FROM (SELECT os, SUM(least(gap, 120)) AS seconds
    FROM (SELECT operating_system_id AS os, time - (LAG(time) OVER (PARTITION BY operating_system_id ORDER BY time, id)) AS gap
        FROM heartbeats
        WHERE user_id = 3 AND deleted_at IS NULL) AS g
    WHERE gap IS NOT NULL
    GROUP BY os) AS q
  LEFT JOIN public.heartbeat_operating_systems AS l_operating_system ON l_operating_system.id = q.os
ORDER BY seconds DESC, os
-- * operating_system of heartbeats: partitioned, carried by operating_system_id
-- * operating_system of g: grouped, carried by id
-- * names joined once per result row, after grouping: heartbeat_operating_systems
