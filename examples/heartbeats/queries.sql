-- The application's read queries, in the shapes hackatime runs (see ../../shared docs:
-- hackatime-reference.md), for \compare -f after the example migration:
--
--   \compare -f examples/heartbeats/queries.sql
--
-- Every one reads dimension strings from heartbeats; \rewrite shows each on FKs and lookups.
-- Time bounds are 2026-01-01 (1767225600) to 2026-01-03, where the generated data lies.

-- 1. Durations per language for one user and day (the reference's template, verbatim).
SELECT grouped_time, COALESCE(SUM(duration), 0)::integer AS duration FROM (
  SELECT hi.*, CASE WHEN hi.duration_start IS NULL THEN 0
                    ELSE LEAST(hi.duration_end - hi.duration_start, 120) END AS duration
  FROM (SELECT language AS grouped_time,
               LAG(time) OVER (PARTITION BY language ORDER BY time, id) AS duration_start,
               time AS duration_end
        FROM heartbeats
        WHERE deleted_at IS NULL AND user_id = 42
          AND time >= 1767225600 AND time < 1767312000) hi
) AS durations GROUP BY grouped_time;

-- 2. Per-project details (the reference's template, verbatim).
SELECT grouped_time, COUNT(*)::integer AS heartbeat_count, MIN(time), MAX(time),
       ARRAY_REMOVE(ARRAY_AGG(DISTINCT NULLIF(language, '')), NULL) AS languages,
       COALESCE(SUM(diff), 0)::integer AS duration
FROM (SELECT project AS grouped_time, time, language,
             CASE WHEN LAG(time) OVER (PARTITION BY project ORDER BY time, id) IS NULL THEN 0
                  ELSE LEAST(time - LAG(time) OVER (PARTITION BY project ORDER BY time, id), 120) END AS diff
      FROM heartbeats
      WHERE deleted_at IS NULL AND user_id = 42 AND project IS NOT NULL AND project <> '') d
GROUP BY grouped_time;

-- 3. The same durations template grouped by editor, with the bucket filter two levels up.
SELECT bucket, COALESCE(SUM(duration), 0)::integer AS duration FROM (
  SELECT grouped_time AS bucket, CASE WHEN duration_start IS NULL THEN 0
         ELSE LEAST(duration_end - duration_start, 120) END AS duration
  FROM (SELECT editor AS grouped_time,
               LAG(time) OVER (PARTITION BY editor ORDER BY time, id) AS duration_start,
               time AS duration_end
        FROM heartbeats WHERE deleted_at IS NULL AND user_id = 7) hi
) AS d WHERE bucket <> '' GROUP BY bucket ORDER BY duration DESC, bucket;

-- 4. Durations per operating system, grouped on the alias.
SELECT os, SUM(LEAST(gap, 120)) AS seconds FROM (
  SELECT operating_system AS os, time - LAG(time) OVER (PARTITION BY operating_system ORDER BY time, id) AS gap
  FROM heartbeats WHERE user_id = 3 AND deleted_at IS NULL) g
WHERE gap IS NOT NULL GROUP BY os ORDER BY seconds DESC, os;

-- 5. Top languages of a user in a time range.
SELECT language, COUNT(*) AS n FROM heartbeats
WHERE user_id = 1 AND time >= 1767225600 AND time < 1767400000
GROUP BY language ORDER BY n DESC, language LIMIT 10;

-- 6. Languages and editors together.
SELECT language, editor, COUNT(*) AS n FROM heartbeats WHERE user_id = 5
GROUP BY language, editor ORDER BY n DESC, language, editor;

-- 7. Leaderboard: heartbeats per user for some editors, excluding others (LOWER ... NOT IN).
SELECT user_id, COUNT(*) AS heartbeats FROM heartbeats
WHERE time BETWEEN 1767225600 AND 1767400000 AND editor IN ('VS Code', 'Zed', 'vim')
  AND LOWER(category) NOT IN ('browsing', 'meeting')
GROUP BY user_id ORDER BY heartbeats DESC, user_id LIMIT 20;

-- 8. Leaderboard by distinct projects per user (per-user dimension, grouped with its user).
SELECT user_id, COUNT(DISTINCT project) AS projects FROM heartbeats
WHERE deleted_at IS NULL GROUP BY user_id ORDER BY projects DESC, user_id LIMIT 10;

-- 9. Languages in use across all users.
SELECT COUNT(DISTINCT language) AS languages, COUNT(language) AS with_language FROM heartbeats;

-- 10. IS DISTINCT FROM a value.
SELECT category, COUNT(*) FROM heartbeats WHERE user_id = 9 AND category IS DISTINCT FROM 'coding'
GROUP BY category ORDER BY category NULLS FIRST;

-- 11. The NULL group and the '' group stay apart.
SELECT editor, COUNT(*) AS n FROM heartbeats WHERE user_id BETWEEN 1 AND 20 GROUP BY editor ORDER BY editor NULLS LAST;

-- 12. DISTINCT values of a user.
SELECT DISTINCT language FROM heartbeats WHERE user_id = 11;

-- 13. A user's projects with their branches.
SELECT project, branch, COUNT(*) AS n FROM heartbeats WHERE user_id = 12 GROUP BY project, branch ORDER BY n DESC, project, branch;

-- 14. Machines per user, grouped by user and machine.
SELECT user_id, machine, COUNT(*) AS n FROM heartbeats WHERE user_id < 30 GROUP BY user_id, machine ORDER BY user_id, n DESC, machine;

-- 15. Project names across users (per-user dimension grouped across users: grouped by name).
SELECT project, COUNT(DISTINCT user_id) AS users FROM heartbeats GROUP BY project ORDER BY users DESC, project LIMIT 15;

-- 16. Daily stats in the user's time zone (AT TIME ZONE, which Calcite cannot parse, stays as it is).
SELECT date_trunc('day', to_timestamp(time) AT TIME ZONE 'America/New_York') AS day, COUNT(DISTINCT language) AS languages
FROM heartbeats WHERE user_id = 2 GROUP BY 1 ORDER BY 1;

-- 17. Weekly buckets with an interval literal.
SELECT language, COUNT(*) FROM heartbeats
WHERE user_id = 4 AND to_timestamp(time) > timestamp '2026-01-03 00:00:00' - interval '7 days'
GROUP BY language ORDER BY 2 DESC, 1;

-- 18. Window count per bucket.
SELECT DISTINCT language, COUNT(*) OVER (PARTITION BY language) AS n FROM heartbeats WHERE user_id = 6;

-- 19. Running share of heartbeats per editor (window over an aggregate).
SELECT editor, COUNT(*) AS n, SUM(COUNT(*)) OVER () AS total FROM heartbeats WHERE user_id = 8
GROUP BY editor ORDER BY n DESC, editor;

-- 20. Filter on LIKE and ILIKE over names.
SELECT project, COUNT(*) FROM heartbeats WHERE user_id = 15 AND (project LIKE 'h%' OR language ILIKE '%script%')
GROUP BY project ORDER BY 2 DESC, 1;

-- 21. A CTE grouping by editor, joined to users.
WITH per_editor AS (
  SELECT user_id, editor, COUNT(*) AS n FROM heartbeats WHERE time >= 1767225600 GROUP BY user_id, editor)
SELECT u.timezone, pe.editor, SUM(pe.n) AS n FROM per_editor pe JOIN users u ON u.id = pe.user_id
WHERE u.id <= 50 GROUP BY u.timezone, pe.editor ORDER BY n DESC, u.timezone, pe.editor LIMIT 25;

-- 22. A materialized CTE.
WITH recent AS MATERIALIZED (SELECT user_id, language, time FROM heartbeats WHERE time > 1767300000)
SELECT language, COUNT(*) AS n FROM recent WHERE user_id <= 100 GROUP BY language ORDER BY n DESC, language;

-- 23. DISTINCT ON: each user's latest project (the dimension is only shown).
SELECT DISTINCT ON (user_id) user_id, project, time FROM heartbeats WHERE user_id <= 25 ORDER BY user_id, time DESC, id;

-- 24. raw JSON access next to a dimension (->> is protected, the dimension is rewritten).
SELECT language, COUNT(*) FILTER (WHERE is_write) AS writes FROM heartbeats WHERE user_id = 16
GROUP BY language ORDER BY 2 DESC, 1;

-- 25. Subquery in WHERE: users who used a language.
SELECT COUNT(*) FROM users WHERE id IN (SELECT user_id FROM heartbeats WHERE language = 'Ruby');

-- 26. EXISTS with a correlated dimension test.
SELECT u.id, u.timezone FROM users u
WHERE u.id <= 40 AND EXISTS (SELECT 1 FROM heartbeats h WHERE h.user_id = u.id AND h.editor = 'Zed') ORDER BY u.id;

-- 27. UNION of two groupings.
SELECT 'language' AS kind, language AS value, COUNT(*) AS n FROM heartbeats WHERE user_id = 17 GROUP BY language
UNION ALL
SELECT 'editor', editor, COUNT(*) FROM heartbeats WHERE user_id = 17 GROUP BY editor;

-- 28. HAVING on a count, ordered by the dimension.
SELECT operating_system, COUNT(*) AS n FROM heartbeats GROUP BY operating_system HAVING COUNT(*) > 100 ORDER BY operating_system;

-- 29. Filter on the dimension through a function in a positive position (tested once per named group).
SELECT user_agent, COUNT(*) FROM heartbeats WHERE user_id = 18 AND length(user_agent) > 10 GROUP BY user_agent ORDER BY 2 DESC, 1;

-- 30. NOT over an equality (stays exact: the name is read where ids would flip NULLs).
SELECT language, COUNT(*) FROM heartbeats WHERE user_id = 19 AND NOT (language = 'Cobol' OR editor = 'Zed') GROUP BY language ORDER BY 1;

-- 31. CASE over a dimension.
SELECT CASE WHEN language IN ('Ruby', 'Python') THEN 'scripting' ELSE 'other' END AS family, COUNT(*)
FROM heartbeats WHERE user_id = 20 GROUP BY 1 ORDER BY 1;

-- 32. Count per category with a scalar subquery for the total.
SELECT category, COUNT(*) AS n, (SELECT COUNT(*) FROM heartbeats WHERE user_id = 21) AS total
FROM heartbeats WHERE user_id = 21 GROUP BY category ORDER BY n DESC, category;

-- 33. Soft-deleted rows counted per language.
SELECT language, COUNT(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted, COUNT(*) AS all_rows
FROM heartbeats WHERE user_id <= 10 GROUP BY language ORDER BY all_rows DESC, language LIMIT 12;

-- 34. Per-user dimension fixed by equality in a derived table, grouped outside.
SELECT b.branch, COUNT(*) AS n FROM (SELECT branch, time FROM heartbeats WHERE user_id = 23) b
GROUP BY b.branch ORDER BY n DESC, b.branch;

-- 35. Per-day and per-language buckets with date_trunc over to_timestamp.
SELECT date_trunc('hour', to_timestamp(time)) AS hour, language, COUNT(*) AS n
FROM heartbeats WHERE user_id = 24 GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2;

-- 36. A prefix match on a dimension for one user (answered on the lookup, tested row by row).
SELECT language, COUNT(*) FROM heartbeats WHERE user_id = 25 AND language LIKE 'R%' AND language <> 'Ruby'
GROUP BY language ORDER BY 1;

-- 37. An IN list naming an editor nobody uses yet (a name with no lookup row).
SELECT editor, COUNT(*) AS n FROM heartbeats WHERE user_id = 26 AND editor IN ('Vim', 'Neovim', 'Kakoune')
GROUP BY editor ORDER BY n DESC, editor;

-- ---------------------------------------------------------------------------------------------
-- A second application on the same kind of data: a WakaTime-compatible server on PostgreSQL.
-- It keys users by text and keeps times as timestamps (here user_id::text and to_timestamp(time)
-- stand for them), reads by composite indexes such as (user_id, project), and asks what a
-- WakaTime API needs: placeholder values across all users, the latest heartbeat matching some
-- dimension values, counts per user and dimension, and summaries of a time range.

-- 38. Placeholder values an editor plugin left, across all users (per-user dimension, no user fixed).
SELECT user_id::text AS user_key, COUNT(*) AS n FROM heartbeats
WHERE branch = '<<LAST_BRANCH>>' OR project = '<<LAST_PROJECT>>'
GROUP BY user_id ORDER BY user_id;

-- 39. Who works on a project of that name, across all users (per-user dimension, no user fixed).
SELECT user_id::text AS user_key, COUNT(*) AS n, MAX(to_timestamp(time)) AS last_seen FROM heartbeats
WHERE project = 'website-0'
GROUP BY user_id ORDER BY n DESC, user_key;

-- 40. The latest heartbeat of a user matching these dimension values (the API's "current project").
SELECT id, to_timestamp(time) AS time, project, language, branch FROM heartbeats
WHERE user_id = 31 AND project = 'website-0' AND language IN ('Go', 'Ruby', 'Python', 'JavaScript')
ORDER BY time DESC, id DESC LIMIT 1;

-- 41. The latest heartbeat of each user matching an editor and an operating system.
SELECT DISTINCT ON (user_id) user_id::text AS user_key, to_timestamp(time) AS time, editor, operating_system
FROM heartbeats WHERE editor = 'Zed' AND operating_system = 'Linux' AND user_id <= 40
ORDER BY user_id, time DESC, id DESC;

-- 42. Counts per user and project in a time range.
SELECT user_id::text AS user_key, project, COUNT(*) AS n FROM heartbeats
WHERE to_timestamp(time) >= timestamp '2026-01-01 00:00:00' AND to_timestamp(time) < timestamp '2026-01-02 00:00:00'
  AND user_id <= 20
GROUP BY user_id, project ORDER BY user_id, n DESC, project;

-- 43. Counts per user and language, only users with more than 50 heartbeats in it.
SELECT user_id::text AS user_key, language, COUNT(*) AS n FROM heartbeats WHERE user_id BETWEEN 40 AND 60
GROUP BY user_id, language HAVING COUNT(*) > 50 ORDER BY user_id, n DESC, language;

-- 44. A summary of a time range for one user: per language, heartbeats and first and last time.
SELECT language, COUNT(*) AS heartbeats, MIN(to_timestamp(time)) AS first, MAX(to_timestamp(time)) AS last
FROM heartbeats
WHERE user_id = 32 AND to_timestamp(time) >= timestamp '2026-01-01 00:00:00'
  AND to_timestamp(time) < timestamp '2026-01-03 00:00:00'
GROUP BY language ORDER BY heartbeats DESC, language;

-- 45. A summary by several dimensions at once (editor, operating system, machine) for one user and range.
SELECT editor, operating_system, machine, COUNT(*) AS n FROM heartbeats
WHERE user_id = 33 AND time >= 1767225600 AND time < 1767398400
GROUP BY editor, operating_system, machine ORDER BY n DESC, editor, operating_system, machine;

-- 46. A user's projects with when they were first and last worked on (the projects list).
SELECT project, MIN(to_timestamp(time)) AS first_heartbeat, MAX(to_timestamp(time)) AS last_heartbeat, COUNT(*) AS n
FROM heartbeats WHERE user_id = 34 AND project IS NOT NULL
GROUP BY project ORDER BY last_heartbeat DESC, project;

-- 47. The branches of one project of a user (the filter lists of its dashboard).
SELECT DISTINCT branch FROM heartbeats WHERE user_id = 31 AND project = 'website-0' ORDER BY branch NULLS FIRST;

-- 48. Users who used a language in a time range, across all users.
SELECT COUNT(DISTINCT user_id) AS users FROM heartbeats
WHERE language = 'Rust' AND to_timestamp(time) >= timestamp '2026-01-01 12:00:00';

-- 49. Daily totals per category for a user, in its time zone (a summary's days).
SELECT date_trunc('day', to_timestamp(time)) AS day, category, COUNT(*) AS n FROM heartbeats
WHERE user_id = 35 AND category IS NOT NULL GROUP BY 1, 2 ORDER BY 1, n DESC, 2;
