-- For ./scripts/bench rebuild: the reference \rebuild is measured against. heartbeats rebuilt
-- offline, the way one would by hand: one transaction holding ACCESS EXCLUSIVE on the table
-- throughout (every read and write of the application waits), the FK columns the expand step
-- appended (columns 30 to 37, after raw_data and every other column) moved up ahead of the strings
-- they replace (7 to 14), every other column in its place, and the same defaults, NOT NULLs,
-- indexes, FKs and trigger: the column order \rebuild gives, so both do the same work.
--
-- Run with psql -v ON_ERROR_STOP=1.

SELECT attnum AS strings_start FROM pg_attribute WHERE attrelid = 'heartbeats'::regclass AND attname = 'language' \gset
SELECT attnum AS appended_after FROM pg_attribute WHERE attrelid = 'heartbeats'::regclass AND attname = 'raw_data' \gset

BEGIN;
LOCK TABLE heartbeats IN ACCESS EXCLUSIVE MODE;

-- Column order: the appended columns take the places just before the first string.
CREATE TEMP VIEW rebuilt_columns AS
SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS default_expr,
       CASE WHEN a.attnum > :appended_after THEN :strings_start - 1 + a.attnum / 1000.0 ELSE a.attnum END AS place
FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = 'heartbeats'::regclass AND a.attnum > 0 AND NOT a.attisdropped;

SELECT format('CREATE TABLE heartbeats_rebuilt (%s)', string_agg(format('%I %s%s%s', attname, type,
         CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END,
         CASE WHEN default_expr IS NOT NULL THEN ' DEFAULT ' || default_expr ELSE '' END), ', ' ORDER BY place))
FROM rebuilt_columns \gexec
SELECT format('INSERT INTO heartbeats_rebuilt SELECT %s FROM heartbeats', string_agg(quote_ident(attname), ', ' ORDER BY place))
FROM rebuilt_columns \gexec

-- What hangs on the old table, read before it goes: indexes, constraints, triggers, the id sequence.
CREATE TEMP TABLE rebuilt_parts AS
SELECT 1 AS step, format('ALTER TABLE heartbeats ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)) AS ddl
FROM pg_constraint WHERE conrelid = 'heartbeats'::regclass AND contype IN ('p', 'u', 'c', 'x')
UNION ALL
SELECT 2, pg_get_indexdef(indexrelid) FROM pg_index
WHERE indrelid = 'heartbeats'::regclass
  AND indexrelid NOT IN (SELECT conindid FROM pg_constraint WHERE conrelid = 'heartbeats'::regclass)
UNION ALL
SELECT 3, format('ALTER TABLE heartbeats ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid))
FROM pg_constraint WHERE conrelid = 'heartbeats'::regclass AND contype = 'f'
UNION ALL
SELECT 4, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'heartbeats'::regclass AND NOT tgisinternal
UNION ALL
SELECT 0, format('ALTER SEQUENCE %s OWNED BY heartbeats_rebuilt.%I', pg_get_serial_sequence('heartbeats', attname), attname)
FROM rebuilt_columns WHERE pg_get_serial_sequence('heartbeats', attname) IS NOT NULL;

SELECT ddl FROM rebuilt_parts WHERE step = 0 \gexec
DROP VIEW rebuilt_columns;
DROP TABLE heartbeats;
ALTER TABLE heartbeats_rebuilt RENAME TO heartbeats;
SELECT ddl FROM rebuilt_parts WHERE step > 0 ORDER BY step \gexec
COMMIT;

VACUUM ANALYZE heartbeats;
