package io.cutover.migration.rebuild;

import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.plan.Names;
import io.cutover.shell.spi.Quoting;
import java.util.List;

/**
 * The SQL of a rebuild, with the lock each statement takes. Catalog text (index and constraint
 * definitions, grants, comments) is formatted by the server ({@code format('%I', ...)},
 * {@code %L}), so no name or value read from the catalog is pasted into SQL by this code.
 */
final class RebuildSql {

  /** Catalog reads take no lock on the table. Param: table oid. In attnum order. */
  static final String COLUMNS = """
      SELECT a.attname, format_type(a.atttypid, a.atttypmod),
             CASE WHEN a.attcollation <> t.typcollation THEN format('%I.%I', cn.nspname, co.collname) END,
             a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
      LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
      WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum
      """;

  /**
   * What a rename cannot carry over, each as (what, name): the refusals. Params: table oid, twelve
   * times. Rules, materialized views and functions with a SQL-standard body point at the table's
   * oid and would keep reading the old one; inbound FKs, policies of other tables and every use of
   * the table's row type (a function's result, a column, a whole-row view column) likewise; the rest would be lost or
   * changed by the copy. Plain views are made again on the copy in the swap ({@link #VIEWS}), by
   * their owner or a member of its role.
   */
  static final String BLOCKERS = """
      SELECT CASE WHEN v.relkind = 'm' THEN 'materialized view' WHEN v.relpersistence = 't' THEN 'temporary view of a session'
                  WHEN v.relkind = 'v' AND r.rulename = '_RETURN'
                  THEN 'view owned by a role you are not a member of' ELSE 'rule' END, r.ev_class::regclass::text
        FROM pg_catalog.pg_depend d
        JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
        JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
        WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = ? AND r.ev_class <> d.refobjid
          AND NOT (v.relkind = 'v' AND r.rulename = '_RETURN' AND v.relpersistence <> 't'
                   AND pg_catalog.pg_has_role(v.relowner, 'MEMBER'))
      UNION SELECT 'function whose SQL body reads it', d.objid::regprocedure::text FROM pg_catalog.pg_depend d
        WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = ?
      UNION SELECT 'use of its row type', pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) FROM pg_catalog.pg_depend d
        WHERE d.refclassid = 'pg_catalog.pg_type'::regclass AND d.deptype = 'n'
          AND d.refobjid = (SELECT reltype FROM pg_catalog.pg_class WHERE oid = ?)
      UNION SELECT 'row-level security policy of another table', format('%s on %s', p.polname, p.polrelid::regclass)
        FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_policy p ON d.classid = 'pg_catalog.pg_policy'::regclass AND d.objid = p.oid
        WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = ? AND p.polrelid <> d.refobjid
      UNION SELECT 'rule', rulename FROM pg_catalog.pg_rewrite WHERE ev_class = ?
      UNION SELECT 'foreign key from another table', format('%s on %s', conname, conrelid::regclass)
        FROM pg_catalog.pg_constraint WHERE contype = 'f' AND confrelid = ?
      UNION SELECT 'trigger', tgname FROM pg_catalog.pg_trigger
        WHERE tgrelid = ? AND NOT tgisinternal AND tgname NOT IN ('cutover_dual_write', 'cutover_rebuild_changes', 'cutover_rebuild_no_truncate')
      UNION SELECT 'publication', p.pubname FROM pg_catalog.pg_publication_rel pr
        JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid WHERE pr.prrelid = ?
      UNION SELECT 'row-level security or its policies', polname FROM pg_catalog.pg_policy WHERE polrelid = ?
      UNION SELECT 'identity or generated column', attname FROM pg_catalog.pg_attribute
        WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped AND (attidentity <> '' OR attgenerated <> '')
      UNION SELECT 'column privileges', attname FROM pg_catalog.pg_attribute
        WHERE attrelid = ? AND attnum > 0 AND attacl IS NOT NULL
      UNION SELECT CASE WHEN c.relkind = 'p' OR i.inhrelid IS NOT NULL OR i2.inhparent IS NOT NULL THEN 'partitioning or inheritance'
                        WHEN c.relpersistence <> 'p' THEN 'an unlogged or temporary table'
                        WHEN c.relrowsecurity THEN 'row-level security'
                        WHEN c.reltablespace <> 0 THEN 'a tablespace other than the database default'
                        WHEN c.relreplident <> 'd' THEN 'a replica identity other than the default'
                        WHEN EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = c.oid AND contype = 'x') THEN 'an exclusion constraint'
                        WHEN EXISTS (SELECT FROM pg_catalog.pg_statistic_ext WHERE stxrelid = c.oid) THEN 'extended statistics'
                   END, c.relname
        FROM pg_catalog.pg_class c
        LEFT JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid
        LEFT JOIN pg_catalog.pg_inherits i2 ON i2.inhparent = c.oid
        WHERE c.oid = ? AND (c.relkind = 'p' OR i.inhrelid IS NOT NULL OR i2.inhparent IS NOT NULL OR c.relpersistence <> 'p'
          OR c.relrowsecurity OR c.reltablespace <> 0 OR c.relreplident <> 'd'
          OR EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = c.oid AND contype = 'x')
          OR EXISTS (SELECT FROM pg_catalog.pg_statistic_ext WHERE stxrelid = c.oid))
      ORDER BY 1, 2
      """;

  /**
   * Everything a swap must find as it was when the copy was made: columns, indexes, constraints
   * and triggers of the table with their enabled state (the rebuild's own, made later, are checked
   * by {@link #LOGGING}). Param: table oid, four times.
   */
  static final String SHAPE = """
      SELECT md5(concat_ws('|',
        (SELECT string_agg(concat_ws(' ', a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                                     pg_get_expr(d.adbin, d.adrelid)), ',' ORDER BY a.attnum)
         FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped),
        (SELECT string_agg(pg_get_indexdef(indexrelid), ',' ORDER BY indexrelid) FROM pg_catalog.pg_index WHERE indrelid = ?),
        (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), ',' ORDER BY conname) FROM pg_catalog.pg_constraint
         WHERE conrelid = ?),
        (SELECT string_agg(tgname || ' ' || tgenabled::text, ',' ORDER BY tgname) FROM pg_catalog.pg_trigger
         WHERE tgrelid = ? AND NOT tgisinternal AND tgname NOT LIKE 'cutover\\_rebuild\\_%')))
      """;

  /**
   * The table's indexes, each as the statement that builds it on the copy under a temporary name
   * (cutover_rebuild_OID), from pg_get_indexdef with its head ({@code CREATE [UNIQUE] INDEX name
   * ON schema.table USING}) checked and replaced; the constraint it backs, if any; whether its key
   * is plain columns in ascending order (all a partitioned table's unique key may be), those
   * columns, and its predicate. Params: copy name, table oid.
   */
  static final String INDEXES = """
      SELECT i.indexrelid, ic.relname, con.contype, con.condeferrable, con.condeferred,
             i.indexprs IS NULL AND i.indnkeyatts = i.indnatts AND 0 = ALL (i.indoption::int2[]),
             ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord),
             CASE WHEN starts_with(def.text, head.text)
                  THEN format('CREATE %sINDEX %I ON %I.%I USING ', CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END,
                              'cutover_rebuild_' || i.indexrelid, n.nspname, ?::text) || substr(def.text, length(head.text) + 1)
             END, pg_catalog.pg_get_expr(i.indpred, i.indrelid)
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
      LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u')
      CROSS JOIN LATERAL (SELECT pg_get_indexdef(i.indexrelid) AS text) def
      CROSS JOIN LATERAL (SELECT format('CREATE %sINDEX %I ON %I.%I USING ', CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END,
                                        ic.relname, n.nspname, t.relname) AS text) head
      WHERE i.indrelid = ?
      ORDER BY con.contype NULLS LAST, i.indexrelid
      """;

  /**
   * Per-column settings the copy takes before its first row: statistics target, storage and
   * compression where they differ from the type's. Params: copy (qualified), table oid.
   */
  static final String COLUMN_SETTINGS = """
      SELECT 'ALTER TABLE ' || c.copy || ' ' || concat_ws(', ',
               CASE WHEN coalesce(a.attstattarget, -1) >= 0 THEN format('ALTER COLUMN %I SET STATISTICS %s', a.attname, a.attstattarget) END,
               CASE WHEN a.attstorage <> t.typstorage THEN format('ALTER COLUMN %I SET STORAGE %s', a.attname,
                 CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END) END,
               CASE WHEN a.attcompression <> '' THEN format('ALTER COLUMN %I SET COMPRESSION %s', a.attname,
                 CASE a.attcompression WHEN 'l' THEN 'lz4' ELSE 'pglz' END) END)
      FROM (SELECT ?::text AS copy) c, pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
        AND (coalesce(a.attstattarget, -1) >= 0 OR a.attstorage <> t.typstorage OR a.attcompression <> '')
      """;

  /**
   * CHECK constraints as the copy takes them (ACCESS EXCLUSIVE on the copy only): the validated ones
   * before the first row; the NOT VALID ones (old rows may break them, new rows may not) at the
   * swap, after the last replay, since a NOT VALID check still refuses every row inserted into the
   * copy. Params: copy (qualified), table oid, whether validated.
   */
  static final String CHECKS = """
      SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', ?::text, conname, pg_get_constraintdef(oid))
      FROM pg_catalog.pg_constraint WHERE conrelid = ? AND contype = 'c' AND convalidated = ?::boolean ORDER BY conname
      """;

  /**
   * FKs from the table that the copy lacks yet, as they are added to it before the swap: NOT VALID
   * (an instant's SHARE ROW EXCLUSIVE on the referenced table, no scan), validated after the swap
   * where they were valid. Before the swap, not in it: a swap waiting for a lookup table's lock
   * while holding the table's would queue the application behind both, and could deadlock with an
   * application transaction that holds the lookup's (the application's would be the one aborted).
   * Params: table oid, copy (qualified). Each as its name and definition, for {@link #addForeignKey}.
   */
  static final String FOREIGN_KEYS = """
      SELECT conname, regexp_replace(pg_get_constraintdef(oid), ' NOT VALID$', '')
      FROM pg_catalog.pg_constraint WHERE conrelid = ? AND contype = 'f'
        AND conname NOT IN (SELECT conname FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(?))
      ORDER BY conname
      """;

  /** The partitions of a partitioned copy, qualified. Param: the copy (qualified). */
  static final String PARTITIONS_OF = """
      SELECT inhrelid::regclass::text FROM pg_catalog.pg_inherits WHERE inhparent = to_regclass(?) ORDER BY 1
      """;

  /** Whether a table has a constraint of that name. Params: the table (qualified), the name. */
  static final String HAS_CONSTRAINT = """
      SELECT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(?) AND conname = ?)
      """;

  static final String DUAL_WRITE_TRIGGER = "cutover_dual_write";

  /**
   * In the swap's transaction, after the dual-write trigger is made again on the new table: marks
   * the plan's exact check with this transaction, whose trigger row is no hand-made gap (the check
   * and the read cutover void a check whose trigger row is newer than it, except this one).
   */
  static String triggerMoved(String planKey) {
    return "UPDATE cutover.steps SET detail = detail || jsonb_build_object('trigger_moved_by', pg_current_xact_id()::xid::text)"
        + " WHERE plan = " + Quoting.literal(planKey) + " AND step = 'verify'";
  }

  /** The dual-write trigger's definition, or NULL when the table has none. Param: table oid. */
  static final String DUAL_WRITE = """
      SELECT (SELECT pg_catalog.pg_get_triggerdef(oid) FROM pg_catalog.pg_trigger WHERE tgrelid = ? AND tgname = 'cutover_dual_write')
      """;

  /**
   * What else the copy takes over at the swap: grants, storage options and comments. Params: copy
   * (qualified) and table oid, four times.
   */
  static final String BELONGINGS = """
      SELECT format('GRANT %s ON TABLE %s TO %s%s', g.privilege_type, ?::text,
                    CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END,
                    CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
      FROM pg_catalog.pg_class c, aclexplode(c.relacl) g WHERE c.oid = ? AND g.grantee <> c.relowner
      UNION ALL
      SELECT format('ALTER TABLE %s SET (%s)', ?::text, array_to_string(reloptions, ', '))
      FROM pg_catalog.pg_class WHERE oid = ? AND reloptions IS NOT NULL
      UNION ALL
      SELECT format('COMMENT ON TABLE %s IS %L', ?::text, description)
      FROM pg_catalog.pg_description WHERE classoid = 'pg_catalog.pg_class'::regclass AND objoid = ? AND objsubid = 0
      UNION ALL
      SELECT format('COMMENT ON COLUMN %s.%I IS %L', ?::text, a.attname, d.description)
      FROM pg_catalog.pg_description d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid
      WHERE d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = ? AND d.objsubid > 0
      """;

  /**
   * The views that read the table, each as the statement that points it at the copy once the copy
   * has the table's name: CREATE OR REPLACE VIEW keeps the view itself (its oid, so the views on
   * it, its grants, comments and owner), and its options (WITH ..., which pg_get_viewdef leaves
   * out). Read under the swap's lock, before the renames, so the definitions name the table. Param:
   * table oid.
   */
  static final String VIEWS = """
      SELECT DISTINCT v.oid::regclass::text, format('CREATE OR REPLACE VIEW %s%s AS %s', v.oid::regclass,
               ' WITH (' || array_to_string(v.reloptions, ', ') || ')', pg_catalog.pg_get_viewdef(v.oid))
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
      JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
      WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = ? AND v.oid <> d.refobjid
        AND v.relkind = 'v' AND r.rulename = '_RETURN'
      """;

  /**
   * The sequences the old table's columns own, handed to the new table's columns of the same name
   * (so that dropping the old table does not drop them). After the swap, in a transaction of their
   * own, not in it: ALTER SEQUENCE waits for an application transaction that took a value (nextval
   * holds the sequence until commit) and then inserts, which under the swap's table lock is a
   * deadlock whose victim may be the application. Params: new table (qualified), old table oid.
   */
  static final String SEQUENCES = """
      SELECT format('ALTER SEQUENCE %s OWNED BY %s.%I', d.objid::regclass, ?::text, a.attname)
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
      JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
        AND d.refobjid = ? AND d.deptype IN ('a', 'i')
      """;

  /** The owner, when it is not the user running the rebuild (who then owns the copy). Params: copy (qualified), table oid. */
  static final String OWNER = """
      SELECT format('ALTER TABLE %s OWNER TO %I', ?::text, pg_get_userbyid(relowner))
      FROM pg_catalog.pg_class WHERE oid = ? AND relowner <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)
      """;

  /** Rows and size of the table, for the confirmation and the progress bar. Param: table oid. */
  static final String SIZE = """
      SELECT greatest(reltuples, 0)::bigint, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_catalog.pg_class WHERE oid = ?
      """;

  /**
   * Whether the change log's trigger is on and fires for every session (ENABLE ALWAYS: also where
   * an application sets session_replication_role = replica, which skips ordinary triggers). A
   * trigger disabled by hand would have left changes out of the copy. Param: table oid.
   */
  static final String LOGGING = """
      SELECT count(*) = 1 FROM pg_catalog.pg_trigger WHERE tgrelid = ? AND tgname = 'cutover_rebuild_changes' AND tgenabled = 'A'
      """;

  static final String CHANGE_LOG = "cutover.rebuild_changes";
  static final String CHANGE_TRIGGER = "cutover_rebuild_changes";
  static final String NO_TRUNCATE_TRIGGER = "cutover_rebuild_no_truncate";
  static final String PENDING = "SELECT count(*) FROM " + CHANGE_LOG;
  static final String TAKE_CHANGES = "SELECT seq, key::text FROM " + CHANGE_LOG + " ORDER BY seq LIMIT ?";
  static final String FORGET_CHANGES = "DELETE FROM " + CHANGE_LOG + " WHERE seq = ANY (?)";

  private final RebuildTarget target;
  private final String copy;
  private final List<String> columns;

  /**
   * @param copy the copy's name (in the table's schema)
   * @param columns the copy's columns, in its order
   */
  RebuildSql(RebuildTarget target, String copy, List<String> columns) {
    this.target = target;
    this.copy = copy;
    this.columns = columns;
  }

  String copyName() {
    return copy;
  }

  String qualifiedCopy() {
    return target.inSchema(copy);
  }

  private String columnList() {
    return String.join(", ", columns.stream().map(Quoting::identifier).toList());
  }

  private String key() {
    return Quoting.identifier(target.key());
  }

  /**
   * A foreign key ({@code definition} as pg_get_constraintdef writes it) added to {@code table}
   * (qualified), NOT VALID when {@code notValid}: an instant's SHARE ROW EXCLUSIVE on the
   * referenced table, and no scan; valid, a scan unless every partition has it validated already.
   * The definition is the server's text (names formatted by it).
   */
  String addForeignKey(String table, String name, String definition, boolean notValid) {
    return "ALTER TABLE " + table + " ADD CONSTRAINT " + Quoting.identifier(name) + " " + definition
        + (notValid ? " NOT VALID" : "");
  }

  /** The change log: keys of rows written since the trigger went on, in order. No lock on the table. */
  String createChangeLog() {
    return "CREATE TABLE IF NOT EXISTS " + CHANGE_LOG + " (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key "
        + target.keyed().keyType() + " NOT NULL)";
  }

  private String functionName() {
    return functionName(target.table());
  }

  /** The change-log function of {@code plan}'s table, named per schema and table. */
  static String functionName(PlanTable plan) {
    return Quoting.qualified("cutover", Names.perTable(plan.schema(), plan.name(), "rebuild_changes"));
  }

  /**
   * The function the change trigger runs: the key of every row inserted, updated or deleted
   * (both keys when an update changes it). CREATE OR REPLACE FUNCTION takes no lock on the table.
   * SECURITY DEFINER: the application's role may write the table without any right on schema
   * cutover, and its writes must not fail for that; only the trigger runs it ({@link #revokeExecute}).
   */
  String createFunction() {
    String k = key();
    return "CREATE OR REPLACE FUNCTION " + functionName() + "() RETURNS trigger LANGUAGE plpgsql\n"
        + "SECURITY DEFINER SET search_path FROM CURRENT AS " + Quoting.dollarQuoted("\n"
        + "BEGIN\n"
        + "  IF TG_OP = 'TRUNCATE' THEN\n"
        + "    RAISE EXCEPTION '% is being copied by cutover: TRUNCATE would not reach the copy', TG_TABLE_NAME\n"
        + "      USING HINT = " + Quoting.literal(hint()) + ";\n"
        + "  END IF;\n"
        + "  IF TG_OP <> 'INSERT' THEN\n"
        + "    INSERT INTO " + CHANGE_LOG + " (key) VALUES (OLD." + k + ");\n"
        + "  END IF;\n"
        + "  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW." + k + " IS DISTINCT FROM OLD." + k + ") THEN\n"
        + "    INSERT INTO " + CHANGE_LOG + " (key) VALUES (NEW." + k + ");\n"
        + "  END IF;\n"
        + "  RETURN NULL;\n"
        + "END\n");
  }

  /** What the TRUNCATE refusal tells the application's operator to run. */
  private String hint() {
    return target.step() == io.cutover.migration.state.RunbookStep.PARTITION
        ? "finish the conversion (\\partition resume " + target.table() + ") or give it up (\\partition abort "
            + target.table() + ") first"
        : "finish the rebuild (\\rebuild) or give it up (\\rebuild abort) first";
  }

  /**
   * CREATE TRIGGER takes SHARE ROW EXCLUSIVE on the table for an instant: under lock_timeout, both
   * in one transaction. OR REPLACE: a run killed after them and before its checkpoint makes them again.
   */
  List<String> createTriggers() {
    return List.of(
        "CREATE OR REPLACE TRIGGER " + CHANGE_TRIGGER + " AFTER INSERT OR UPDATE OR DELETE ON " + target.qualified()
            + " FOR EACH ROW EXECUTE FUNCTION " + functionName() + "()",
        "ALTER TABLE " + target.qualified() + " ENABLE ALWAYS TRIGGER " + CHANGE_TRIGGER,
        "CREATE OR REPLACE TRIGGER " + NO_TRUNCATE_TRIGGER + " BEFORE TRUNCATE ON " + target.qualified()
            + " FOR EACH STATEMENT EXECUTE FUNCTION " + functionName() + "()",
        "ALTER TABLE " + target.qualified() + " ENABLE ALWAYS TRIGGER " + NO_TRUNCATE_TRIGGER);
  }

  /** DROP TRIGGER takes ACCESS EXCLUSIVE on the table for an instant: under lock_timeout. */
  List<String> dropTriggers(String table) {
    return List.of("DROP TRIGGER IF EXISTS " + CHANGE_TRIGGER + " ON " + table,
        "DROP TRIGGER IF EXISTS " + NO_TRUNCATE_TRIGGER + " ON " + table);
  }

  String revokeExecute() {
    return "REVOKE EXECUTE ON FUNCTION " + functionName() + "() FROM PUBLIC";
  }

  String dropFunction() {
    return "DROP FUNCTION IF EXISTS " + functionName() + "()";
  }

  /**
   * One copy batch: the next rows by key up to the bound, read without locks (ACCESS SHARE; no row
   * locks: writers never wait for it), inserted into the copy. Params: after (NULL from the start),
   * up to, limit. Returns rows and the last key.
   */
  String copyBatch() {
    String t = "CAST(? AS " + target.keyed().keyType() + ")";
    return "WITH batch AS (SELECT " + columnList() + " FROM " + target.qualified()
        + " WHERE (" + t + " IS NULL OR " + key() + " > " + t + ") AND " + key() + " <= " + t
        + " ORDER BY " + key() + " LIMIT ?),\n"
        + "copied AS (INSERT INTO " + qualifiedCopy() + " (" + columnList() + ") SELECT " + columnList()
        + " FROM batch RETURNING " + key() + ")\n"
        + "SELECT count(*), " + target.keyed().greatestOf(key()) + "::text FROM copied";
  }

  /** Replay, first: the copy's rows of the logged keys go (ROW EXCLUSIVE on the copy only). Param: keys as text[]. */
  String replayDelete() {
    return "DELETE FROM " + qualifiedCopy() + " WHERE " + key() + " = ANY (CAST(? AS " + target.keyed().keyType() + "[]))";
  }

  /** Replay, then: they come back as the table has them now, or not at all when deleted (ACCESS SHARE on the table). */
  String replayInsert() {
    return "INSERT INTO " + qualifiedCopy() + " (" + columnList() + ") SELECT " + columnList() + " FROM "
        + target.qualified() + " WHERE " + key() + " = ANY (CAST(? AS " + target.keyed().keyType() + "[]))";
  }

  /**
   * Where the copy differs from the table, read in one snapshot (REPEATABLE READ, no lock beyond
   * reading), leaving out the keys still in the change log, which the replay brings over: any
   * other difference is a row the copy lost (a NULL key, a trigger off) or got wrong. Every column
   * is compared as text, which every type has (json has no equality). A full scan of both, before
   * the swap and not under its lock: under the lock only the logged changes are replayed. Returns
   * the count and up to five keys.
   */
  String differences() {
    String k = key();
    String rows = "SELECT " + k + " AS k, ROW(" + columnList() + ")::text AS r FROM ";
    return "SELECT count(*), array_to_string((array_agg(coalesce(d.k, 'NULL') ORDER BY d.k))[1:5], ', ') FROM ("
        + "SELECT coalesce(t.k, c.k)::text AS k FROM (" + rows + target.qualified() + ") t"
        + " FULL JOIN (" + rows + qualifiedCopy() + ") c ON t.k = c.k"
        + " WHERE t.r IS DISTINCT FROM c.r"
        + " AND NOT EXISTS (SELECT FROM " + CHANGE_LOG + " l WHERE l.key = coalesce(t.k, c.k))) d";
  }

  /**
   * Rows of the old table whose key the table does not have (any lost by a swap; or deleted since
   * by the application): their count and up to five keys. A scan of both, no lock beyond reading.
   * Formatted with the old table's qualified name.
   */
  String missingFromTable(String qualifiedOld) {
    String k = key();
    return "SELECT count(*), array_to_string((array_agg(o." + k + "::text ORDER BY o." + k + "))[1:5], ', ') FROM "
        + qualifiedOld + " o WHERE NOT EXISTS (SELECT FROM " + target.qualified() + " t WHERE t." + k + " = o." + k + ")";
  }

  /** The highest key when the copy starts: later rows are in the change log. */
  String maxKey() {
    return target.keyed().edgeKey(true);
  }

  /**
   * The swap waits for every transaction on the table to end, and makes new ones wait: at most
   * lock_timeout. The views that read it first ({@code views}, regclass text), in the order the
   * application's reads of them lock: view, then table (the other order could deadlock with a read
   * that holds the view and waits for the table).
   */
  String lockTable(List<String> views) {
    List<String> relations = new java.util.ArrayList<>(views);
    relations.add(target.qualified());
    return "LOCK TABLE " + String.join(", ", relations) + " IN ACCESS EXCLUSIVE MODE";
  }
}
