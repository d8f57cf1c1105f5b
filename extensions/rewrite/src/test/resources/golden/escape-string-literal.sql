-- query
SELECT editor, COUNT(*) FROM heartbeats WHERE user_id = 3 AND editor = E'Vi\\m' GROUP BY editor
-- rewritten
SELECT l_editor.name AS editor, q.count
FROM (SELECT editor_id, COUNT(*)
    FROM heartbeats
    WHERE user_id = 3 AND (editor_id = 82) IS TRUE
    GROUP BY editor_id) AS q
  LEFT JOIN public.heartbeat_editors AS l_editor ON l_editor.id = q.editor_id
-- * editor: E'Vi\\m' is id 82 of heartbeat_editors (read now; ids do not change)
-- * editor: tested on each row (IS TRUE) that another index finds, as the original's was: no index leads editor
-- * editor of heartbeats: grouped, carried, filtered by editor_id
-- * names joined once per result row, after grouping: heartbeat_editors
