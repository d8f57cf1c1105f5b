-- "The Big Migration", the whole runbook as one script, on a database holding the heartbeats
-- example (\demo load 100000, or ./scripts/cutover --demo). From the repository's root:
--
--   ./scripts/cutover -v ON_ERROR_STOP=1 --yes -f examples/heartbeats/big-migration.sql
--
-- Each step refuses (and the script stops, exit 3) when the one before it is not done.

\echo 'Plan: the eight dimensions of heartbeats'
\plan examples/heartbeats/plan.json

\echo 'Expand: lookup tables, FK columns, FKs NOT VALID, indexes built concurrently'
\migrate

\echo 'Dual-write: every row written from now on gets its FKs (the trigger, and the application flag)'
\dualwrite on --mode both

\echo 'Backfill: the rows that existed before, in batches'
\backfill --workers 2

\echo 'Verify every row, then validate the FKs'
\progress --exact
\validate_fks

\echo 'Contract: the application stops writing raw_data...'
\drop_raw stop-writes --watch 0s
-- ...as the application does once the flag is on: a heartbeat without raw_data.
INSERT INTO heartbeats (user_id, time, language, category, editor, operating_system, user_agent, project, branch, machine)
VALUES (1, 1767400000, 'Ruby', 'coding', 'Zed', 'Linux', 'wakatime/v1.0.0', 'hackatime', 'main', 'Mac.lan');
\drop_raw stop-writes

\echo '...and the column goes, archived first'
\drop_raw --archive heartbeats_raw_data_archive

\echo 'Rebuild: the FK columns move up ahead of the strings, online (the old table is kept until drop-old)'
\rebuild
\rebuild drop-old

\status
