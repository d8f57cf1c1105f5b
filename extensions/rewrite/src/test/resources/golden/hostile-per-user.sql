-- query
select "Project", count(*) from "Heartbeat" where "userId" = 3 group by "Project" order by 1
-- rewritten
SELECT "l_Project".name AS "Project", q.count
FROM (SELECT p."projectId", CAST(SUM(p.n) AS BIGINT) AS count
    FROM (SELECT "projectId", "userId", COUNT(*) AS n
        FROM "Heartbeat"
        WHERE "userId" = 3
        GROUP BY "projectId", "userId") AS p
    GROUP BY p."projectId") AS q
  LEFT JOIN public."Project Lookup" AS "l_Project" ON "l_Project".id = q."projectId" AND "l_Project"."userId" = 3
ORDER BY 1
-- * grouped by Project, userId first, so only those groups are named
-- * Project of Heartbeat: grouped, carried by projectId
-- * Project of p: grouped, carried by id
-- * names joined once per result row, after grouping: Project Lookup
