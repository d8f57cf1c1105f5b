-- query
select "languageName", "Editor;Name", count(*) from "Heartbeat" group by 1, 2
-- rewritten
SELECT "l_languageName".name AS "languageName", "l_Editor;Name".name AS "Editor;Name", q.count
FROM (SELECT "languageId", "x)q;CREATE TABLE pwned();--", COUNT(*)
    FROM "Heartbeat"
    GROUP BY 1, 2) AS q
  LEFT JOIN public."LanguageLookup" AS "l_languageName" ON "l_languageName".id = q."languageId"
  LEFT JOIN public."editor ""lookup""; drop" AS "l_Editor;Name" ON "l_Editor;Name".id = q."x)q;CREATE TABLE pwned();--"
-- * languageName of Heartbeat: carried by languageId
-- * Editor;Name of Heartbeat: carried by x)q;CREATE TABLE pwned();--
-- * names joined once per result row, after grouping: LanguageLookup, editor "lookup"; drop
