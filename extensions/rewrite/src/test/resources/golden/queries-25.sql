-- query
SELECT COUNT(*) FROM users WHERE id IN (SELECT user_id FROM heartbeats WHERE language = 'Ruby')
-- rewritten
SELECT COUNT(*)
FROM users
WHERE id IN (SELECT user_id
      FROM heartbeats
      WHERE language_id = 10)
-- * language: 'Ruby' is id 10 of heartbeat_languages (read now; ids do not change)
-- * language of heartbeats: filtered by language_id
