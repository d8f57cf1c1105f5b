-- Heartbeats :first to :last of the example data set, for :users users, from :seed.
-- Every value is a pure function of the row number and the seed (hashint8extended), so the same
-- variables give the same rows however the server executes the statement, and ranges can be
-- generated in parallel. Run users.sql first. From the shell:
--   \demo load 1000000 --seed 42            (users, then ranges in parallel, then indexes)
-- or by hand:
--   \set seed 42
--   \set users 200
--   \i users.sql
--   \set first 1
--   \set last 100000
--   \i generate.sql

INSERT INTO heartbeats (id, user_id, time, created_at, updated_at, deleted_at,
                        language, category, editor, operating_system, user_agent, project, branch, machine,
                        entity, type, dependencies, fields_hash, ip_address, is_write, lineno, lines, cursorpos,
                        line_additions, line_deletions, project_root_count, source_type, ysws_program, raw_data)
SELECT id, user_id, time, created_at, created_at, deleted_at,
       language, category, editor, operating_system, user_agent, project, branch, machine,
       entity, 'file', dependencies, md5(id::text || ':' || :seed), ip_address, is_write, lineno, lines, cursorpos,
       line_additions, line_deletions, 1, source_type, 0,
       jsonb_build_object('user_id', user_id, 'branch', branch, 'category', category, 'dependencies', dependencies,
                          'editor', editor, 'entity', entity, 'language', language, 'machine', machine,
                          'operating_system', operating_system, 'project', project, 'type', 'file',
                          'user_agent', user_agent, 'lines', lines, 'lineno', lineno, 'cursorpos', cursorpos,
                          'line_additions', line_additions, 'line_deletions', line_deletions, 'time', time,
                          'is_write', is_write)
FROM (
  SELECT g AS id, uid AS user_id,
         -- sessions: a heartbeat every 30 s, a break of an hour after every 40
         (1767225600 + uid * 97 + seq * 30 + (seq / 40) * 3600 + (h0 & 1023) / 1024.0)::float8 AS time,
         timestamp '2026-01-01' + make_interval(secs => seq * 30 + (seq / 40) * 3600) AS created_at,
         CASE WHEN (h0 >> 20) % 100 = 0 THEN timestamp '2026-06-01' END AS deleted_at,
         -- each dimension: ~3 % NULL, ~2 % '', otherwise Zipf-like skew (log-uniform rank)
         CASE WHEN n1 < 31 THEN NULL WHEN n1 < 51 THEN '' ELSE (ARRAY[
           'Ruby', 'ruby', 'Python', 'JavaScript', 'TypeScript', 'Go', 'Rust', 'Java', 'Kotlin', 'Swift',
           'C', 'C++', 'C#', 'PHP', 'HTML', 'CSS', 'SCSS', 'JSON', 'YAML', 'Markdown',
           'Shell', 'Bash', 'SQL', 'Dockerfile', 'Elixir', 'Erlang', 'Haskell', 'O''Caml', 'F#', 'Scala',
           'Clojure', 'Lua', 'Perl', 'R', 'Julia', 'Dart', 'Zig', 'Nim', 'Crystal', 'Objective-C',
           'Vue', 'Svelte', 'TOML', 'XML', 'Makefile', 'CMake', 'Groovy', 'PowerShell', 'Terraform', 'Nix',
           'GDScript', 'Solidity', 'Assembly', 'Fortran', 'COBOL', 'Prolog', 'Lisp', 'Scheme', 'Text', 'Ελληνικά'])
           [1 + least(59, floor(exp(u1 * ln(61)) - 1))::int] END AS language,
         CASE WHEN n2 < 31 THEN NULL WHEN n2 < 51 THEN '' ELSE (ARRAY['coding', 'building', 'debugging', 'writing docs'])
           [1 + least(3, floor(exp(u2 * ln(5)) - 1))::int] END AS category,
         CASE WHEN n3 < 31 THEN NULL WHEN n3 < 51 THEN '' ELSE (ARRAY[
           'VS Code', 'vscode', 'Vim', 'Neovim', 'Emacs', 'IntelliJ IDEA', 'PyCharm', 'RubyMine', 'Sublime Text',
           'Zed', 'Xcode', 'Android Studio', 'Helix', 'Cursor', 'Nova'])
           [1 + least(14, floor(exp(u3 * ln(16)) - 1))::int] END AS editor,
         CASE WHEN n4 < 31 THEN NULL WHEN n4 < 51 THEN '' ELSE (ARRAY['Linux', 'Mac', 'Windows', 'FreeBSD', 'Chrome OS'])
           [1 + least(4, floor(exp(u4 * ln(6)) - 1))::int] END AS operating_system,
         CASE WHEN n5 < 31 THEN NULL WHEN n5 < 51 THEN '' ELSE
           format('wakatime/v1.%s.%s (%s) go1.2%s %s/%s', ua / 20, ua % 20,
                  (ARRAY['linux-amd64', 'darwin-arm64', 'windows-amd64', 'freebsd-amd64'])[1 + ua % 4], ua % 5,
                  (ARRAY['vscode-wakatime', 'vim-wakatime', 'emacs-wakatime', 'jetbrains-wakatime'])[1 + ua % 4], ua % 37)
           END AS user_agent,
         -- per user: 1 to 50 projects named from a pool shared by all users, a few branches, 1 to 3 machines
         CASE WHEN n6 < 31 THEN NULL WHEN n6 < 51 THEN '' ELSE
           (ARRAY['hackatime', 'dotfiles', 'website', 'api', 'café', 'bob''s', 'game', 'bot', 'cli', 'blog',
                  'infra', 'notes', 'ml', 'app', 'docs', 'compiler', 'shop', 'chat', 'wiki', 'kernel'])
             [1 + (hashint8extended(uid * 64 + pj, :seed + 6) & 65535) % 20]
           || CASE WHEN (hashint8extended(uid * 64 + pj, :seed + 7) & 3) = 0 THEN ''
                   ELSE '-' || (hashint8extended(uid * 64 + pj, :seed + 8) & 65535) % 15 END
           END AS project,
         CASE WHEN n7 < 31 THEN NULL WHEN n7 < 51 THEN '' ELSE
           (ARRAY['main', 'master', 'develop', 'feature/' || (uid * 7 + bj) % 1000, 'fix/issue-' || (uid * 13 + bj) % 500])
             [1 + bj] END AS branch,
         CASE WHEN n8 < 31 THEN NULL WHEN n8 < 51 THEN '' ELSE
           CASE WHEN mj = 0 AND uid % 3 = 0 THEN 'Mac.lan'
                ELSE (ARRAY['macbook', 'desktop', 'thinkpad'])[1 + mj] || '-' || uid END END AS machine,
         format('/home/u%s/src/file%s.rb', uid, g % 50) AS entity,
         CASE WHEN (h0 >> 30) % 4 = 0 THEN ARRAY['rails', 'rspec']::varchar[] ELSE '{}'::varchar[] END AS dependencies,
         format('10.%s.%s.%s', uid % 250, (uid / 250) % 250, g % 250)::inet AS ip_address,
         (h0 >> 40) % 10 < 3 AS is_write,
         ((h0 >> 12) & 1023)::int AS lineno, 50 + ((h0 >> 22) & 2047)::int AS lines, ((h0 >> 33) & 127)::int AS cursorpos,
         ((h0 >> 8) & 15)::int AS line_additions, ((h0 >> 16) & 7)::int AS line_deletions,
         CASE WHEN (h0 >> 44) % 20 = 0 THEN 1 ELSE 0 END AS source_type
  FROM (
    SELECT g, uid, seq, h0,
           (h1 & 2147483647) / 2147483648.0 AS u1, (h1 >> 40) & 1023 AS n1,
           (h2 & 2147483647) / 2147483648.0 AS u2, (h2 >> 40) & 1023 AS n2,
           (h3 & 2147483647) / 2147483648.0 AS u3, (h3 >> 40) & 1023 AS n3,
           (h4 & 2147483647) / 2147483648.0 AS u4, (h4 >> 40) & 1023 AS n4,
           least(1999, floor(exp((h5 & 2147483647) / 2147483648.0 * ln(2001)) - 1))::int AS ua, (h5 >> 40) & 1023 AS n5,
           least(projects - 1, floor(exp((h6 & 2147483647) / 2147483648.0 * ln(projects + 1)) - 1))::int AS pj,
           (h6 >> 40) & 1023 AS n6,
           ((h7 & 65535) % 5)::int AS bj, (h7 >> 40) & 1023 AS n7,
           ((h8 & 65535) % (1 + uid % 3))::int AS mj, (h8 >> 40) & 1023 AS n8
    FROM (
      SELECT g, uid, g / users AS seq, 1 + (hashint8extended(uid, :seed + 5) & 65535) % 50 AS projects,
             hashint8extended(g, :seed * 16 + 0) AS h0, hashint8extended(g, :seed * 16 + 1) AS h1,
             hashint8extended(g, :seed * 16 + 2) AS h2, hashint8extended(g, :seed * 16 + 3) AS h3,
             hashint8extended(g, :seed * 16 + 4) AS h4, hashint8extended(g, :seed * 16 + 5) AS h5,
             hashint8extended(g, :seed * 16 + 6) AS h6, hashint8extended(g, :seed * 16 + 7) AS h7,
             hashint8extended(g, :seed * 16 + 8) AS h8
      FROM (SELECT g, users, 1 + g % users AS uid
            FROM (SELECT :users::bigint AS users) p, generate_series(:first::bigint, :last::bigint) g) numbered
    ) hashed
  ) drawn
) shaped;
