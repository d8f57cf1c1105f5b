-- query
SELECT editor, COUNT(*) AS n FROM heartbeats WHERE user_id BETWEEN 1 AND 20 GROUP BY editor ORDER BY editor NULLS LAST
-- rewritten
SELECT l_editor.name AS editor, q.n
FROM (SELECT editor_id, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id BETWEEN 1 AND 20
    GROUP BY editor_id) AS q
  LEFT JOIN public.heartbeat_editors AS l_editor ON l_editor.id = q.editor_id
ORDER BY editor NULLS LAST
-- * editor of heartbeats: grouped, carried by editor_id
-- * names joined once per result row, after grouping: heartbeat_editors
