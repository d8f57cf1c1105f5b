-- query
SELECT category, COUNT(*) FROM heartbeats WHERE user_id = 9 AND category IS DISTINCT FROM 'coding'
GROUP BY category ORDER BY category NULLS FIRST
-- rewritten
SELECT l_category.name AS category, q.count
FROM (SELECT category_id, COUNT(*)
    FROM heartbeats
    WHERE user_id = 9 AND category_id IS DISTINCT FROM 61
    GROUP BY category_id) AS q
  LEFT JOIN public.heartbeat_categories AS l_category ON l_category.id = q.category_id
ORDER BY category NULLS FIRST
-- * category: 'coding' is id 61 of heartbeat_categories (read now; ids do not change)
-- * category of heartbeats: grouped, carried, filtered by category_id
-- * names joined once per result row, after grouping: heartbeat_categories
