-- query
SELECT grouped_time, COALESCE(SUM(duration), 0)::integer AS duration FROM (
  SELECT hi.*, CASE WHEN hi.duration_start IS NULL THEN 0
                    ELSE LEAST(hi.duration_end - hi.duration_start, 120) END AS duration
  FROM (SELECT language AS grouped_time,
               LAG(time) OVER (PARTITION BY language ORDER BY time, id) AS duration_start,
               time AS duration_end
        FROM heartbeats
        WHERE deleted_at IS NULL AND user_id = 42
          AND time >= 1767225600 AND time < 1767312000) hi
) AS durations GROUP BY grouped_time
-- rewritten
SELECT l_language.name AS grouped_time, q.duration
FROM (SELECT grouped_time, CAST(COALESCE(SUM(duration), 0) AS integer) AS duration
    FROM (SELECT hi.*, CASE WHEN hi.duration_start IS NULL THEN 0 ELSE least(hi.duration_end - hi.duration_start, 120) END AS duration
        FROM (SELECT language_id AS grouped_time, LAG(time) OVER (PARTITION BY language_id ORDER BY time, id) AS duration_start, time AS duration_end
            FROM heartbeats
            WHERE deleted_at IS NULL AND user_id = 42 AND time >= 1767225600 AND time < 1767312000) AS hi) AS durations
    GROUP BY grouped_time) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.grouped_time
-- * language of heartbeats: partitioned, carried by language_id
-- * language of durations: grouped, carried by id
-- * names joined once per result row, after grouping: heartbeat_languages
