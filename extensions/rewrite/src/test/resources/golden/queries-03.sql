-- query
SELECT bucket, COALESCE(SUM(duration), 0)::integer AS duration FROM (
  SELECT grouped_time AS bucket, CASE WHEN duration_start IS NULL THEN 0
         ELSE LEAST(duration_end - duration_start, 120) END AS duration
  FROM (SELECT editor AS grouped_time,
               LAG(time) OVER (PARTITION BY editor ORDER BY time, id) AS duration_start,
               time AS duration_end
        FROM heartbeats WHERE deleted_at IS NULL AND user_id = 7) hi
) AS d WHERE bucket <> '' GROUP BY bucket ORDER BY duration DESC, bucket
-- rewritten (orders every column)
SELECT l_editor.name AS bucket, q.duration
FROM (SELECT bucket, CAST(COALESCE(SUM(duration), 0) AS integer) AS duration
    FROM (SELECT grouped_time AS bucket, CASE WHEN duration_start IS NULL THEN 0 ELSE least(duration_end - duration_start, 120) END AS duration
        FROM (SELECT editor_id AS grouped_time, LAG(time) OVER (PARTITION BY editor_id ORDER BY time, id) AS duration_start, time AS duration_end
            FROM heartbeats
            WHERE deleted_at IS NULL AND user_id = 7) AS hi) AS d
    WHERE bucket <> 72
    GROUP BY bucket) AS q
  LEFT JOIN public.heartbeat_editors AS l_editor ON l_editor.id = q.bucket
ORDER BY duration DESC, bucket
-- * editor of heartbeats: partitioned, carried by editor_id
-- * editor of hi: carried by id
-- * editor: '' is id 72 of heartbeat_editors (read now; ids do not change)
-- * editor of d: grouped, carried, filtered by id
-- * names joined once per result row, after grouping: heartbeat_editors
