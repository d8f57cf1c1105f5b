-- query
SELECT 'language' AS kind, language AS value, COUNT(*) AS n FROM heartbeats WHERE user_id = 17 GROUP BY language
UNION ALL
SELECT 'editor', editor, COUNT(*) FROM heartbeats WHERE user_id = 17 GROUP BY editor
-- rewritten
SELECT q.kind, l_language.name AS value, q.n
FROM (SELECT 'language' AS kind, language_id AS value, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id = 17
    GROUP BY language_id) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.value
UNION ALL
SELECT q2.c AS "?column?", l_editor.name AS editor, q2.count
FROM (SELECT 'editor' AS c, editor_id, COUNT(*)
    FROM heartbeats
    WHERE user_id = 17
    GROUP BY editor_id) AS q2
  LEFT JOIN public.heartbeat_editors AS l_editor ON l_editor.id = q2.editor_id
-- * language of heartbeats: grouped, carried by language_id
-- * names joined once per result row, after grouping: heartbeat_languages
-- * editor of heartbeats: grouped, carried by editor_id
-- * names joined once per result row, after grouping: heartbeat_editors
