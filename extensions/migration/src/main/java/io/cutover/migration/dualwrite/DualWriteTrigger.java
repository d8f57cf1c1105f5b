package io.cutover.migration.dualwrite;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.Dimension;
import io.cutover.migration.plan.Names;
import io.cutover.migration.state.SqlValues;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The dual-write trigger: BEFORE INSERT OR UPDATE OF the dimension (and scope) columns, it sets
 * each FK to the lookup row of the string, inserting that row when it is missing. The value rule
 * is the one the backfill, the verification and the rewrite share: NULL string ⇔ NULL FK, every
 * other string (the empty one too) has its lookup row, compared exactly.
 *
 * <p>Race-safe under concurrent writers: INSERT ... ON CONFLICT DO NOTHING, then read back the
 * row another transaction may have inserted first (ON CONFLICT waits for it to commit).
 */
public final class DualWriteTrigger {

  private final ActivePlan active;

  public DualWriteTrigger(ActivePlan active) {
    this.active = active;
  }

  /** The function, one per plan table: {@code cutover.<table>_dual_write_<hash of schema and table>}. */
  public String functionName() {
    return Quoting.qualified("cutover", Names.perTable(active.plan().schema(), active.plan().table(), "dual_write"));
  }

  public String triggerName() {
    return TRIGGER;
  }

  /** The trigger's name, the same on every table (the catalog checks below bind it). */
  private static final String TRIGGER = "cutover_dual_write";

  /**
   * The columns whose change fires the trigger: dimensions and their scopes, not the FKs, so the
   * backfill's UPDATE (which sets only FKs, by the same rule) does not resolve every value twice.
   */
  List<String> watchedColumns() {
    Set<String> cols = new LinkedHashSet<>();
    for (Dimension d : active.plan().dimensions()) {
      cols.add(d.column());
      cols.addAll(d.scope());
    }
    return new ArrayList<>(cols);
  }

  /**
   * Only the trigger runs the function: a SECURITY DEFINER function must not be attached elsewhere
   * (attaching needs EXECUTE; a trigger firing does not).
   */
  public String revokeExecute() {
    return "REVOKE EXECUTE ON FUNCTION " + functionName() + "() FROM PUBLIC";
  }

  /**
   * CREATE OR REPLACE FUNCTION: no lock on the table. SECURITY DEFINER: it inserts into the
   * lookups with the rights of who turned dual-write on, so an application role that may write
   * the table but not the lookups (they are new) does not see its INSERT fail; its search_path
   * is fixed at creation, and every table it names is qualified. One SELECT finds every dimension's lookup
   * row at once (one executor call per row, not one per dimension); only values not found yet take
   * the insert path. A NULL string finds nothing, so its FK becomes NULL.
   */
  public String createFunction() {
    List<Dimension> dims = active.plan().dimensions();
    List<String> declare = new ArrayList<>();
    List<String> lookups = new ArrayList<>();
    List<String> into = new ArrayList<>();
    StringBuilder resolve = new StringBuilder();
    for (int i = 0; i < dims.size(); i++) {
      Dimension d = dims.get(i);
      String v = "v" + i;
      declare.add("  " + v + " bigint;");
      lookups.add("(" + select(d) + ")");
      into.add(v);
      resolve.append(insertMissing(d, v));
    }
    return "CREATE OR REPLACE FUNCTION " + functionName() + "() RETURNS trigger LANGUAGE plpgsql\n"
        + "SECURITY DEFINER SET search_path FROM CURRENT AS " + Quoting.dollarQuoted("\n"
        + "DECLARE\n" + String.join("\n", declare) + "\nBEGIN\n"
        + "  SELECT " + String.join(",\n         ", lookups) + "\n    INTO " + String.join(", ", into) + ";\n"
        + resolve + "  RETURN NEW;\nEND\n");
  }

  /** The lookup row of NEW's value (and scope). */
  private String select(Dimension d) {
    List<String> match = new ArrayList<>();
    for (String s : d.scope()) {
      match.add(active.scopeMatch(s, Quoting.identifier(s), "NEW." + Quoting.identifier(s)));
    }
    match.add(active.valueMatch(d, Quoting.identifier(d.valueColumn()), "NEW." + Quoting.identifier(d.column())));
    return "SELECT \"id\" FROM " + active.qualifiedLookup(d) + " WHERE " + String.join(" AND ", match);
  }

  /**
   * A value without a lookup row gets one: INSERT ... ON CONFLICT DO NOTHING, then read back the
   * row a concurrent writer may have inserted first (ON CONFLICT waits for it to commit).
   */
  private String insertMissing(Dimension d, String v) {
    String col = "NEW." + Quoting.identifier(d.column());
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String s : d.scope()) {
      columns.add(Quoting.identifier(s));
      values.add("NEW." + Quoting.identifier(s));
    }
    columns.add(Quoting.identifier(d.valueColumn()));
    values.add(col);
    return "  -- " + Quoting.commentText(d.column() + " -> " + d.fk()) + "\n"
        + "  IF " + col + " IS NOT NULL AND " + v + " IS NULL THEN\n"
        + "    INSERT INTO " + active.qualifiedLookup(d) + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", values) + ")\n"
        + "      ON CONFLICT DO NOTHING RETURNING \"id\" INTO " + v + ";\n"
        + "    IF " + v + " IS NULL THEN\n"
        + "      " + select(d) + " INTO " + v + ";\n"
        + "    END IF;\n"
        + "  END IF;\n"
        + "  NEW." + Quoting.identifier(d.fk()) + " := " + v + ";\n";
  }

  /** CREATE TRIGGER takes SHARE ROW EXCLUSIVE on the table for an instant: run it under lock_timeout. */
  public String createTrigger() {
    return "CREATE TRIGGER " + Quoting.identifier(triggerName()) + " BEFORE INSERT OR UPDATE OF "
        + String.join(", ", watchedColumns().stream().map(Quoting::identifier).toList()) + " ON "
        + active.qualifiedTable() + " FOR EACH ROW EXECUTE FUNCTION " + functionName() + "()";
  }

  /**
   * The trigger fires for every session, also one that sets session_replication_role = replica
   * (bulk loads, logical replication tools), which skips ordinary triggers: such rows would get
   * no FKs. Same lock as CREATE TRIGGER: in its transaction.
   */
  public String enableAlways() {
    return "ALTER TABLE " + active.qualifiedTable() + " ENABLE ALWAYS TRIGGER " + Quoting.identifier(triggerName());
  }

  /**
   * The application's BEFORE row triggers on INSERT or UPDATE that fire after this one (PostgreSQL
   * fires them in name order): one that changes a dimension column then would leave its FK naming
   * the value before the change. Param: table oid.
   */
  private static final String LATER_TRIGGERS = """
      SELECT coalesce(string_agg(tgname, ', ' ORDER BY tgname COLLATE "C"), '') FROM pg_catalog.pg_trigger
      WHERE tgrelid = ? AND NOT tgisinternal AND tgtype & 3 = 3 AND tgtype & 20 <> 0
        AND tgname COLLATE "C" > ? AND tgname NOT LIKE 'cutover\\_%'
      """;

  /** The application's triggers that would fire after this one, comma-separated, or empty. */
  public static String laterTriggers(Connection c, long tableOid) throws SQLException {
    return SqlValues.one(c, String.class, LATER_TRIGGERS, tableOid, TRIGGER);
  }

  /** DROP TRIGGER takes ACCESS EXCLUSIVE on the table for an instant: run it under lock_timeout. */
  public String dropTrigger() {
    return "DROP TRIGGER IF EXISTS " + Quoting.identifier(triggerName()) + " ON " + active.qualifiedTable();
  }

  /** How the trigger fires now, as {@code ALTER TABLE ... ENABLE|DISABLE [REPLICA|ALWAYS] TRIGGER} left it. */
  public enum Firing {
    ABSENT,
    DISABLED,
    /** ENABLE TRIGGER: sessions with session_replication_role = replica (bulk loads, replication tools) skip it. */
    ORIGIN,
    /** ENABLE REPLICA TRIGGER: only such sessions fire it; the application's writes skip it. */
    REPLICA,
    /** What {@code \dualwrite on} sets: every session fires it. */
    ALWAYS;

    /** Whether every row written gets its FKs from it. */
    public boolean isOn() {
      return this == ALWAYS;
    }

    /** Whether it fires for the application's ordinary sessions (and so a rebuild takes it to the copy). */
    public boolean isEnabled() {
      return this == ORIGIN || this == ALWAYS;
    }
  }

  /** pg_trigger.tgenabled of the trigger, NULL when there is none; params: table oid, its name. */
  private static final String FIRING = "SELECT (SELECT tgenabled::text FROM pg_catalog.pg_trigger WHERE tgrelid = ? AND tgname = ?)";

  public static Firing firing(Connection c, long tableOid) throws SQLException {
    String enabled = SqlValues.one(c, String.class, FIRING, tableOid, TRIGGER);
    return enabled == null ? Firing.ABSENT : switch (enabled) {
      case "D" -> Firing.DISABLED;
      case "O" -> Firing.ORIGIN;
      case "R" -> Firing.REPLICA;
      default -> Firing.ALWAYS;
    };
  }
}
