-- query
select count(*) from "Heartbeat" where "Editor;Name" in ('a;b', 'Emacs "x"')
-- rewritten
SELECT COUNT(*)
FROM "Heartbeat"
WHERE "x)q;CREATE TABLE pwned();--" IN (SELECT id
      FROM public."editor ""lookup""; drop"
      WHERE name IN ('a;b', 'Emacs "x"'))
-- * Editor;Name of Heartbeat: filtered by x)q;CREATE TABLE pwned();--
