-- query
SELECT category, COUNT(*) AS n, (SELECT COUNT(*) FROM heartbeats WHERE user_id = 21) AS total
FROM heartbeats WHERE user_id = 21 GROUP BY category ORDER BY n DESC, category
-- rewritten
SELECT l_category.name AS category, q.n, q.total
FROM (SELECT category_id, COUNT(*) AS n, (SELECT COUNT(*)
        FROM heartbeats
        WHERE user_id = 21) AS total
    FROM heartbeats
    WHERE user_id = 21
    GROUP BY category_id) AS q
  LEFT JOIN public.heartbeat_categories AS l_category ON l_category.id = q.category_id
ORDER BY n DESC, category
-- * category of heartbeats: grouped, carried by category_id
-- * names joined once per result row, after grouping: heartbeat_categories
