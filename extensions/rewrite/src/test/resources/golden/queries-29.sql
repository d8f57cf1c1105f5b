-- query
SELECT user_agent, COUNT(*) FROM heartbeats WHERE user_id = 18 AND length(user_agent) > 10 GROUP BY user_agent ORDER BY 2 DESC, 1
-- rewritten (orders every column)
SELECT l_user_agent.value AS user_agent, q.count
FROM (SELECT user_agent_id, COUNT(*)
    FROM heartbeats
    WHERE user_id = 18
    GROUP BY user_agent_id) AS q
  LEFT JOIN public.heartbeat_user_agents AS l_user_agent ON l_user_agent.id = q.user_agent_id
WHERE CASE WHEN q.user_agent_id IS NOT NULL THEN length(l_user_agent.value) > 10 END
ORDER BY 2 DESC, 1
-- * user_agent: length(user_agent) > 10 tested once per group, on its name (the query groups by it)
-- * user_agent of heartbeats: grouped, carried, filtered by user_agent_id
-- * names joined once per result row, after grouping: heartbeat_user_agents
