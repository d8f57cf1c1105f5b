-- query
SELECT b.branch, COUNT(*) AS n FROM (SELECT branch, time FROM heartbeats WHERE user_id = 23) b
GROUP BY b.branch ORDER BY n DESC, b.branch
-- rewritten (orders every column)
SELECT l_branch.name AS branch, q.n
FROM (SELECT b.branch_id, COUNT(*) AS n, b.branch_id AS o
    FROM (SELECT branch_id, time
        FROM heartbeats
        WHERE user_id = 23) AS b
    GROUP BY b.branch_id) AS q
  LEFT JOIN public.heartbeat_branches AS l_branch ON l_branch.id = q.branch_id AND l_branch.user_id = 23
  LEFT JOIN public.heartbeat_branches AS l_branch2 ON l_branch2.id = q.o AND l_branch2.user_id = 23
ORDER BY n DESC, l_branch2.name
-- * branch of heartbeats: carried by branch_id
-- * branch of b: grouped, carried by id
-- * names joined once per result row, after grouping: heartbeat_branches, heartbeat_branches
