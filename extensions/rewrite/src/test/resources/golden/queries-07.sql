-- query
SELECT user_id, COUNT(*) AS heartbeats FROM heartbeats
WHERE time BETWEEN 1767225600 AND 1767400000 AND editor IN ('VS Code', 'Zed', 'vim')
  AND LOWER(category) NOT IN ('browsing', 'meeting')
GROUP BY user_id ORDER BY heartbeats DESC, user_id LIMIT 20
-- rewritten (orders every column)
SELECT user_id, COUNT(*) AS heartbeats
FROM heartbeats
WHERE time BETWEEN 1767225600 AND 1767400000 AND editor_id IN (32, 42, 52) AND category_id IN (SELECT id
      FROM public.heartbeat_categories
      WHERE LOWER(name) NOT IN ('browsing', 'meeting'))
GROUP BY user_id
ORDER BY heartbeats DESC, user_id
LIMIT 20
-- * editor: 'VS Code', 'Zed', 'vim' are ids 32, 42, 52 of heartbeat_editors (read now; ids do not change)
-- * editor of heartbeats: filtered by editor_id
-- * category of heartbeats: filtered by category_id
