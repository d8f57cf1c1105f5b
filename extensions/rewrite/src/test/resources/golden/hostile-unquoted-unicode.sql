-- query
select Ärger, "languageName" from "Heartbeat" where "languageName" = 'Go'
-- rewritten
SELECT "Heartbeat"."Ärger", "l_languageName".name AS "languageName"
FROM "Heartbeat"
  LEFT JOIN public."LanguageLookup" AS "l_languageName" ON "l_languageName".id = "Heartbeat"."languageId"
WHERE "Heartbeat"."languageId" = (SELECT id
      FROM public."LanguageLookup"
      WHERE name = 'Go')
-- * languageName of Heartbeat: name read from LanguageLookup (compared or shown as text, which ids cannot answer)
