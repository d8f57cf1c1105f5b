-- query
WITH per_editor AS (
  SELECT user_id, editor, COUNT(*) AS n FROM heartbeats WHERE time >= 1767225600 GROUP BY user_id, editor)
SELECT u.timezone, pe.editor, SUM(pe.n) AS n FROM per_editor pe JOIN users u ON u.id = pe.user_id
WHERE u.id <= 50 GROUP BY u.timezone, pe.editor ORDER BY n DESC, u.timezone, pe.editor LIMIT 25
-- rewritten (orders every column)
WITH per_editor AS (SELECT user_id, editor_id, COUNT(*) AS n
    FROM heartbeats
    WHERE time >= 1767225600
    GROUP BY user_id, editor_id) (SELECT q.timezone, l_editor.name AS editor, q.n
    FROM (SELECT u.timezone, pe.editor_id, SUM(pe.n) AS n, u.timezone AS o, pe.editor_id AS o2
        FROM per_editor AS pe
          INNER JOIN users AS u ON u.id = pe.user_id
        WHERE u.id <= 50
        GROUP BY u.timezone, pe.editor_id) AS q
      LEFT JOIN public.heartbeat_editors AS l_editor ON l_editor.id = q.editor_id
      LEFT JOIN public.heartbeat_editors AS l_editor2 ON l_editor2.id = q.o2
    ORDER BY n DESC, q.o, l_editor2.name
    LIMIT 25)
-- * editor of heartbeats: grouped, carried by editor_id
-- * editor of pe: grouped, carried by id
-- * names joined once per result row, after grouping: heartbeat_editors, heartbeat_editors
