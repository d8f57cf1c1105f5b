package io.cutover.migration.partition;

/**
 * The SQL of partition maintenance, with the locks each statement takes. Bounds go to the server
 * as parameters and come back formatted by it ({@code %L}); names are formatted by it too
 * ({@code %I}), so nothing read from the catalog or typed is pasted into SQL by this code.
 */
final class PartitionSql {

  private PartitionSql() {
  }

  /**
   * A table by name as SQL reads it (search_path for a bare name), with its partitioning: the
   * strategy ('r' range), the number of key columns, the key column (NULL for an expression) and
   * its type. Catalog reads: no lock. Param: the name, quoted where SQL needs it.
   */
  static final String TABLE = """
      SELECT c.oid, n.nspname, c.relname, c.relkind::text, pt.partstrat::text, pt.partnatts, a.attname,
             format_type(a.atttypid, a.atttypmod), pg_get_userbyid(c.relowner)
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
      LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0] AND pt.partattrs[0] <> 0
      WHERE c.oid = to_regclass(?)
      """;

  /**
   * The partitions with their bounds in epoch seconds (NULL for MINVALUE and MAXVALUE, and for
   * '-infinity' and 'infinity', which bound a partition as they do), whether a
   * DETACH ... CONCURRENTLY left them pending, whether one is the DEFAULT partition, and the
   * planner's row estimate. The bound literals pg_get_expr prints are unquoted and converted by the
   * time kind's expression ({@code %1$s} and {@code %2$s}, filled from {@link TimeKind#toEpoch}, code
   * not data). Param: the parent's oid.
   */
  static final String PARTITIONS = """
      SELECT n.nspname, c.relname, i.inhdetachpending, b.bound = 'DEFAULT', greatest(c.reltuples, 0)::bigint,
             CASE WHEN r.m[1] IN ('MINVALUE', 'MAXVALUE') OR u.low IN ('-infinity', 'infinity') THEN NULL ELSE %1$s END,
             CASE WHEN r.m[2] IN ('MINVALUE', 'MAXVALUE') OR u.high IN ('-infinity', 'infinity') THEN NULL ELSE %2$s END, b.bound
      FROM pg_catalog.pg_inherits i
      JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL (SELECT pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound) b
      CROSS JOIN LATERAL (SELECT regexp_match(b.bound, '^FOR VALUES FROM \\((.*)\\) TO \\((.*)\\)$') AS m) r
      CROSS JOIN LATERAL (SELECT CASE WHEN left(r.m[1], 1) = '''' THEN replace(substr(r.m[1], 2, length(r.m[1]) - 2), '''''', '''')
                                      ELSE r.m[1] END AS low,
                                 CASE WHEN left(r.m[2], 1) = '''' THEN replace(substr(r.m[2], 2, length(r.m[2]) - 2), '''''', '''')
                                      ELSE r.m[2] END AS high) u
      WHERE i.inhparent = ?
      ORDER BY 6 NULLS FIRST, 2
      """;

  /**
   * A new partition's table, made like the parent (its columns, defaults, CHECK and NOT NULL
   * constraints, indexes, storage and statistics settings) but not yet attached: a new table, so
   * the parent gets only ACCESS SHARE. Not {@code CREATE TABLE ... PARTITION OF}, which takes ACCESS
   * EXCLUSIVE on the parent and queues the application behind it. Identity columns are left out:
   * the parent's identity serves every row inserted through it. Params: schema, name, parent oid.
   */
  static final String CREATE_LIKE = """
      SELECT format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES'
                    ' INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING GENERATED INCLUDING STATISTICS)', ?, ?, ?::regclass)
      """;

  /** The comment that marks a premade table until it is attached (NULL removes it). Params: schema, name, text. */
  static final String MARK = "SELECT format('COMMENT ON TABLE %I.%I IS %L', ?, ?, ?::text)";

  /** A table's comment. Param: the table (qualified). */
  static final String COMMENT = "SELECT obj_description(to_regclass(?), 'pg_class')";

  /**
   * ATTACH PARTITION: SHARE UPDATE EXCLUSIVE on the parent (reads and writes go on), ACCESS
   * EXCLUSIVE on the new, empty table (its bound check scans nothing), and for each FK of the
   * parent a SHARE ROW EXCLUSIVE on the referenced table for an instant. Under lock_timeout and
   * retried. Params: parent oid, partition schema, name, bound from, bound to (epoch seconds),
   * filled into {@code %1$s}/{@code %2$s} by {@link TimeKind#fromEpoch}.
   */
  static final String ATTACH = """
      SELECT format('ALTER TABLE %%s ATTACH PARTITION %%I.%%I FOR VALUES FROM (%%L) TO (%%L)', ?::regclass, ?, ?, %1$s, %2$s)
      """;

  /**
   * DETACH ... CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the parent and the partition, then waits
   * for every transaction that could still see the partition (under lock_timeout: one that times
   * out leaves the partition pending, which {@link #FINALIZE} completes). Not in a transaction
   * block. The server leaves a CHECK constraint equal to the bound on the detached table. Params:
   * parent oid, partition schema, name.
   */
  static final String DETACH = "SELECT format('ALTER TABLE %s DETACH PARTITION %I.%I CONCURRENTLY', ?::regclass, ?, ?)";

  static final String FINALIZE = "SELECT format('ALTER TABLE %s DETACH PARTITION %I.%I FINALIZE', ?::regclass, ?, ?)";

  /**
   * The archive: a range-partitioned table like the parent (no indexes: it is read rarely) that
   * the detached partitions are attached to, their CHECK constraint sparing the scan. Params:
   * archive schema, name, parent oid, key column.
   */
  static final String CREATE_ARCHIVE = """
      SELECT format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE'
                    ' INCLUDING COMPRESSION INCLUDING GENERATED) PARTITION BY RANGE (%I)', ?, ?, ?::regclass, ?)
      """;

  /**
   * ATTACH with the bound a partition had (as pg_get_expr printed it, read before its detach).
   * Params: the new parent (qualified), partition schema, name, bound.
   */
  static final String ATTACH_AS_WAS = "SELECT format('ALTER TABLE %s ATTACH PARTITION %I.%I %s', ?::regclass, ?, ?, ?)";

  /** DROP TABLE of a detached partition: ACCESS EXCLUSIVE on it alone. Params: schema, name. */
  static final String DROP = "SELECT format('DROP TABLE %I.%I', ?, ?)";

  /** The epoch seconds of a moment given as an interval before now. Param: the interval as typed. */
  static final String AGO = "SELECT extract(epoch FROM now() - CAST(? AS interval))::float8";

  static final String NOW = "SELECT extract(epoch FROM now())::float8";

  /** Partitions detached by {@code \partition retain}, for --drop-after. Params: parent key. */
  static final String RETAINED = """
      SELECT schema_name, table_name, archived_to, extract(epoch FROM detached_at)::float8
      FROM cutover.retained_partitions WHERE parent = ? ORDER BY detached_at
      """;

  static final String RECORD_DETACHED = """
      INSERT INTO cutover.retained_partitions (parent, schema_name, table_name, archived_to) VALUES (?, ?, ?, ?)
      ON CONFLICT (schema_name, table_name) DO UPDATE SET parent = EXCLUDED.parent, archived_to = EXCLUDED.archived_to
      """;

  static final String IS_ARCHIVE = "SELECT EXISTS (SELECT FROM cutover.retained_partitions WHERE archived_to = ?)";

  static final String FORGET_DROPPED = "DELETE FROM cutover.retained_partitions WHERE schema_name = ? AND table_name = ?";

  /**
   * The oldest row's time in epoch seconds, NULL for an empty table: where the conversion's first
   * period starts. One read of the table, no lock beyond reading (an index on the column answers
   * it). A '-infinity' (or a float8 -Infinity) has no period: it is passed over, for the far-past
   * partition to take. {@code %1$s} the column's epoch expression, {@code %2$s} the table,
   * {@code %3$s} the column, both quoted.
   */
  static final String OLDEST = "SELECT %1$s FROM %2$s t WHERE %1$s > '-Infinity'::numeric ORDER BY t.%3$s LIMIT 1";

  /** Epoch seconds of a date as typed (--since), midnight UTC. Param: the date. */
  static final String DATE_EPOCH = "SELECT extract(epoch FROM CAST(? AS date))::float8";

  /**
   * A partition's bound as the copy's CREATE TABLE ... PARTITION OF takes it, formatted by the
   * server ({@code %1$s}/{@code %2$s} filled by {@link TimeKind#fromEpoch}). Params: from, to.
   */
  static final String BOUND = "SELECT format('FOR VALUES FROM (%%L) TO (%%L)', %1$s, %2$s)";

  /** The overflow partition of rows older than the first period: [MINVALUE, from). Param: from. */
  static final String BOUND_BEFORE = "SELECT format('FOR VALUES FROM (MINVALUE) TO (%%L)', %1$s)";

  /** The overflow partition of rows past the newest period (clients' clocks): [to, MAXVALUE). Param: to. */
  static final String BOUND_AFTER = "SELECT format('FOR VALUES FROM (%%L) TO (MAXVALUE)', %1$s)";

  /**
   * The overflow partition's split, all in one transaction under lock_timeout: a plain DETACH takes
   * ACCESS EXCLUSIVE on the parent (the application's reads and writes of the table wait, each at
   * most the lock timeout, until the transaction ends); the premade partitions are attached (an
   * instant's SHARE ROW EXCLUSIVE on each table the parent's FKs reference); the overflow's rows
   * that now belong to them go through the parent; the overflow is attached again from the new
   * edge (a scan of the rows it keeps, those dated past every period made). Params: parent oid,
   * overflow schema, name.
   */
  static final String DETACH_NOW = "SELECT format('ALTER TABLE %s DETACH PARTITION %I.%I', ?::regclass, ?, ?)";

  /**
   * The overflow's rows dated before the new edge, inserted through the parent (so into the new
   * partitions), and then deleted from it. Params: parent oid, overflow schema, name, the column,
   * the edge ({@code %1$s} by {@link TimeKind#fromEpoch}); then overflow schema, name, column, edge again.
   */
  static final String MOVE_BACK = """
      SELECT format('INSERT INTO %%1$s (%%2$s) SELECT %%2$s FROM %%3$I.%%4$I WHERE %%5$I < %%6$L', p.oid::regclass,
                    (SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_catalog.pg_attribute
                     WHERE attrelid = p.oid AND attnum > 0 AND NOT attisdropped AND attgenerated = ''), ?, ?, ?, %1$s),
             format('DELETE FROM %%I.%%I WHERE %%I < %%L', ?, ?, ?, %1$s)
      FROM (SELECT ?::regclass::oid AS oid) p
      """;

  /** The overflow attached again from the new edge. Params: parent oid, overflow schema, name, edge ({@code %1$s}). */
  static final String REATTACH_OVERFLOW = """
      SELECT format('ALTER TABLE %%s ATTACH PARTITION %%I.%%I FOR VALUES FROM (%%L) TO (MAXVALUE)', ?::regclass, ?, ?, %1$s)
      """;
}
