-- query
SELECT user_id, COUNT(DISTINCT project) AS projects FROM heartbeats
WHERE deleted_at IS NULL GROUP BY user_id ORDER BY projects DESC, user_id LIMIT 10
-- rewritten (orders every column)
SELECT user_id, COUNT(DISTINCT project_id) AS projects
FROM heartbeats
WHERE deleted_at IS NULL
GROUP BY user_id
ORDER BY projects DESC, user_id
LIMIT 10
-- * project of heartbeats: counted distinct by project_id
