-- query
SELECT u.id, u.timezone FROM users u
WHERE u.id <= 40 AND EXISTS (SELECT 1 FROM heartbeats h WHERE h.user_id = u.id AND h.editor = 'Zed') ORDER BY u.id
-- rewritten
SELECT u.id, u.timezone
FROM users AS u
WHERE u.id <= 40 AND EXISTS (SELECT 1
    FROM heartbeats AS h
    WHERE h.user_id = u.id AND (h.editor_id = 42) IS TRUE)
ORDER BY u.id
-- * editor: 'Zed' is id 42 of heartbeat_editors (read now; ids do not change)
-- * editor: tested on each row (IS TRUE) that another index finds, as the original's was: no index leads editor
-- * editor of h: filtered by editor_id
