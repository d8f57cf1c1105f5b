-- query
SELECT editor, COUNT(*) AS n, SUM(COUNT(*)) OVER () AS total FROM heartbeats WHERE user_id = 8
GROUP BY editor ORDER BY n DESC, editor
-- rewritten
SELECT l_editor.name AS editor, q.n, q.total
FROM (SELECT editor_id, COUNT(*) AS n, SUM(COUNT(*)) OVER () AS total
    FROM heartbeats
    WHERE user_id = 8
    GROUP BY editor_id) AS q
  LEFT JOIN public.heartbeat_editors AS l_editor ON l_editor.id = q.editor_id
ORDER BY n DESC, editor
-- * editor of heartbeats: grouped, carried by editor_id
-- * names joined once per result row, after grouping: heartbeat_editors
