-- query
SELECT id, to_timestamp(time) AS time, project, language, branch FROM heartbeats
WHERE user_id = 31 AND project = 'website-0' AND language IN ('Go', 'Ruby', 'Python', 'JavaScript')
ORDER BY time DESC, id DESC LIMIT 1
-- rewritten
SELECT heartbeats.id, to_timestamp(heartbeats.time) AS time, l_project.name AS project, l_language.name AS language, l_branch.name AS branch
FROM heartbeats
  LEFT JOIN public.heartbeat_projects AS l_project ON l_project.id = heartbeats.project_id
  LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = heartbeats.language_id
  LEFT JOIN public.heartbeat_branches AS l_branch ON l_branch.id = heartbeats.branch_id
WHERE heartbeats.user_id = 31 AND heartbeats.project_id = (SELECT id
      FROM public.heartbeat_projects
      WHERE user_id = 31 AND name = 'website-0') AND CASE WHEN heartbeats.language_id IS NOT NULL THEN heartbeats.language_id IN (SELECT id
        FROM public.heartbeat_languages
        WHERE name IN ('Go', 'Ruby', 'Python', 'JavaScript')) END
ORDER BY time DESC, id DESC
LIMIT 1
-- * project of heartbeats: name read from heartbeat_projects (compared or shown as text, which ids cannot answer)
-- * language of heartbeats: name read from heartbeat_languages (compared or shown as text, which ids cannot answer)
-- * branch of heartbeats: name read from heartbeat_branches (compared or shown as text, which ids cannot answer)
