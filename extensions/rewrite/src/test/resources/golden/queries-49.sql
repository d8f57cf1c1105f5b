-- query
SELECT date_trunc('day', to_timestamp(time)) AS day, category, COUNT(*) AS n FROM heartbeats
WHERE user_id = 35 AND category IS NOT NULL GROUP BY 1, 2 ORDER BY 1, n DESC, 2
-- rewritten (orders every column)
SELECT q.day, l_category.name AS category, q.n
FROM (SELECT DATE_TRUNC('day', to_timestamp(time)) AS day, category_id, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id = 35 AND category_id IS NOT NULL
    GROUP BY 1, 2) AS q
  LEFT JOIN public.heartbeat_categories AS l_category ON l_category.id = q.category_id
ORDER BY 1, n DESC, 2
-- * category of heartbeats: carried, tested for NULL by category_id
-- * names joined once per result row, after grouping: heartbeat_categories
