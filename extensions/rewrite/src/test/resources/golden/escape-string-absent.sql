-- query
SELECT COUNT(*) FROM heartbeats WHERE editor = E'tab\there'
-- rewritten
SELECT COUNT(*)
FROM heartbeats
WHERE editor_id = (SELECT id
      FROM public.heartbeat_editors
      WHERE name = E'tab\there')
-- * editor of heartbeats: filtered by editor_id
