-- query
SELECT editor, COUNT(*) AS n FROM heartbeats WHERE user_id = 26 AND editor IN ('Vim', 'Neovim', 'Kakoune')
GROUP BY editor ORDER BY n DESC, editor
-- rewritten (orders every column)
SELECT l_editor.name AS editor, q.n
FROM (SELECT editor_id, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id = 26 AND CASE WHEN editor_id IS NOT NULL THEN editor_id IN (SELECT id
            FROM public.heartbeat_editors
            WHERE name IN ('Vim', 'Neovim', 'Kakoune')) END
    GROUP BY editor_id) AS q
  LEFT JOIN public.heartbeat_editors AS l_editor ON l_editor.id = q.editor_id
ORDER BY n DESC, editor
-- * editor of heartbeats: grouped, carried, filtered by editor_id
-- * names joined once per result row, after grouping: heartbeat_editors
