-- query
SELECT user_id::text AS user_key, COUNT(*) AS n, MAX(to_timestamp(time)) AS last_seen FROM heartbeats
WHERE project = 'website-0'
GROUP BY user_id ORDER BY n DESC, user_key
-- rewritten
SELECT CAST(user_id AS text) AS user_key, COUNT(*) AS n, MAX(to_timestamp(time)) AS last_seen
FROM heartbeats
WHERE project_id IN (SELECT id
      FROM public.heartbeat_projects
      WHERE name = 'website-0')
GROUP BY user_id
ORDER BY n DESC, user_key
-- * project of heartbeats: filtered by project_id
