-- query
SELECT editor, operating_system, machine, COUNT(*) AS n FROM heartbeats
WHERE user_id = 33 AND time >= 1767225600 AND time < 1767398400
GROUP BY editor, operating_system, machine ORDER BY n DESC, editor, operating_system, machine
-- rewritten (orders every column)
SELECT l_editor.name AS editor, l_operating_system.name AS operating_system, l_machine.name AS machine, q.n
FROM (SELECT editor_id, operating_system_id, machine_id, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id = 33 AND time >= 1767225600 AND time < 1767398400
    GROUP BY editor_id, operating_system_id, machine_id) AS q
  LEFT JOIN public.heartbeat_editors AS l_editor ON l_editor.id = q.editor_id
  LEFT JOIN public.heartbeat_operating_systems AS l_operating_system ON l_operating_system.id = q.operating_system_id
  LEFT JOIN public.heartbeat_machines AS l_machine ON l_machine.id = q.machine_id AND l_machine.user_id = 33
ORDER BY n DESC, editor, operating_system, machine
-- * editor of heartbeats: grouped, carried by editor_id
-- * operating_system of heartbeats: grouped, carried by operating_system_id
-- * machine of heartbeats: grouped, carried by machine_id
-- * names joined once per result row, after grouping: heartbeat_editors, heartbeat_operating_systems, heartbeat_machines
