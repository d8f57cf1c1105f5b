-- query
select "Sprache ü 名前" as s, "languageName" from "Heartbeat" where "userId" = 2 order by "id"
-- rewritten
SELECT "l_Sprache ü 名前"."Wert ""w""" AS s, "l_languageName".name AS "languageName"
FROM "Heartbeat"
  LEFT JOIN public."Sprachen ü" AS "l_Sprache ü 名前" ON "l_Sprache ü 名前".id = "Heartbeat"."Sprache ü id"
  LEFT JOIN public."LanguageLookup" AS "l_languageName" ON "l_languageName".id = "Heartbeat"."languageId"
WHERE "Heartbeat"."userId" = 2
ORDER BY "Heartbeat".id
-- * Sprache ü 名前 of Heartbeat: name read from Sprachen ü (compared or shown as text, which ids cannot answer)
-- * languageName of Heartbeat: name read from LanguageLookup (compared or shown as text, which ids cannot answer)
