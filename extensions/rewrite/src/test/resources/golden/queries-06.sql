-- query
SELECT language, editor, COUNT(*) AS n FROM heartbeats WHERE user_id = 5
GROUP BY language, editor ORDER BY n DESC, language, editor
-- rewritten (orders every column)
SELECT l_language.name AS language, l_editor.name AS editor, q.n
FROM (SELECT language_id, editor_id, COUNT(*) AS n
    FROM heartbeats
    WHERE user_id = 5
    GROUP BY language_id, editor_id) AS q
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id
  LEFT JOIN public.heartbeat_editors AS l_editor ON l_editor.id = q.editor_id
ORDER BY n DESC, language, editor
-- * language of heartbeats: grouped, carried by language_id
-- * editor of heartbeats: grouped, carried by editor_id
-- * names joined once per result row, after grouping: heartbeat_languages, heartbeat_editors
