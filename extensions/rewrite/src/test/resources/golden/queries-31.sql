-- query
SELECT CASE WHEN language IN ('Ruby', 'Python') THEN 'scripting' ELSE 'other' END AS family, COUNT(*)
FROM heartbeats WHERE user_id = 20 GROUP BY 1 ORDER BY 1
-- rewritten
SELECT CASE WHEN language_id IN (10, 20) THEN 'scripting' ELSE 'other' END AS family, COUNT(*)
FROM heartbeats
WHERE user_id = 20
GROUP BY 1
ORDER BY 1
-- * language: 'Ruby', 'Python' are ids 10, 20 of heartbeat_languages (read now; ids do not change)
-- * language of heartbeats: filtered by language_id
