-- query
SELECT DISTINCT ON (user_id) user_id::text AS user_key, to_timestamp(time) AS time, editor, operating_system
FROM heartbeats WHERE editor = 'Zed' AND operating_system = 'Linux' AND user_id <= 40
ORDER BY user_id, time DESC, id DESC
-- rewritten
SELECT DISTINCT ON (user_id) CAST(heartbeats.user_id AS text) AS user_key, to_timestamp(heartbeats.time) AS time, l_editor.name AS editor, l_operating_system.name AS operating_system
FROM heartbeats
  LEFT JOIN public.heartbeat_editors AS l_editor ON l_editor.id = heartbeats.editor_id
  LEFT JOIN public.heartbeat_operating_systems AS l_operating_system ON l_operating_system.id = heartbeats.operating_system_id
WHERE (heartbeats.editor_id = 42) IS TRUE AND heartbeats.operating_system_id = (SELECT id
      FROM public.heartbeat_operating_systems
      WHERE name = 'Linux') AND heartbeats.user_id <= 40
ORDER BY heartbeats.user_id, heartbeats.time DESC, heartbeats.id DESC
-- * editor: 'Zed' is id 42 of heartbeat_editors (read now; ids do not change)
-- * editor: tested on each row (IS TRUE) that another index finds, as the original's was: no index leads editor
-- * editor of heartbeats: name read from heartbeat_editors (compared or shown as text, which ids cannot answer)
-- * operating_system of heartbeats: name read from heartbeat_operating_systems (compared or shown as text, which ids cannot answer)
