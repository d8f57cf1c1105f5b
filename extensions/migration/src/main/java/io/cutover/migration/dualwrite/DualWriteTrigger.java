package io.cutover.migration.dualwrite;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.Dimension;
import io.cutover.shell.spi.Quoting;
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

  /** {@code cutover.<table>_dual_write}: the function, one per plan table. */
  public String functionName() {
    return Quoting.qualified("cutover", active.plan().table() + "_dual_write");
  }

  public String triggerName() {
    return "cutover_dual_write";
  }

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

  /** CREATE OR REPLACE FUNCTION: no lock on the table. */
  public String createFunction() {
    StringBuilder body = new StringBuilder();
    for (Dimension d : active.plan().dimensions()) {
      body.append(resolve(d));
    }
    return "CREATE OR REPLACE FUNCTION " + functionName() + "() RETURNS trigger LANGUAGE plpgsql AS $cutover$\n"
        + "DECLARE\n  found_id bigint;\nBEGIN\n" + body + "  RETURN NEW;\nEND\n$cutover$";
  }

  private String resolve(Dimension d) {
    String col = "NEW." + Quoting.identifier(d.column());
    String fk = "NEW." + Quoting.identifier(d.fk());
    String lookup = active.qualifiedLookup(d);
    List<String> match = new ArrayList<>();
    List<String> changed = new ArrayList<>(List.of(col + " IS DISTINCT FROM OLD." + Quoting.identifier(d.column())));
    List<String> insertColumns = new ArrayList<>();
    List<String> insertValues = new ArrayList<>();
    for (String s : d.scope()) {
      match.add(Quoting.identifier(s) + " IS NOT DISTINCT FROM NEW." + Quoting.identifier(s));
      changed.add("NEW." + Quoting.identifier(s) + " IS DISTINCT FROM OLD." + Quoting.identifier(s));
      insertColumns.add(Quoting.identifier(s));
      insertValues.add("NEW." + Quoting.identifier(s));
    }
    match.add(Quoting.identifier(d.valueColumn()) + " = " + col);
    insertColumns.add(Quoting.identifier(d.valueColumn()));
    insertValues.add(col);
    String select = "SELECT \"id\" INTO found_id FROM " + lookup + " WHERE " + String.join(" AND ", match) + ";";
    return "  -- " + d.column() + " -> " + d.fk() + "\n"
        + "  IF " + col + " IS NULL THEN\n"
        + "    " + fk + " := NULL;\n"
        + "  ELSIF TG_OP = 'INSERT' OR " + fk + " IS NULL OR " + String.join(" OR ", changed) + " THEN\n"
        + "    " + select + "\n"
        + "    IF found_id IS NULL THEN\n"
        + "      INSERT INTO " + lookup + " (" + String.join(", ", insertColumns) + ") VALUES ("
        + String.join(", ", insertValues) + ")\n"
        + "        ON CONFLICT DO NOTHING RETURNING \"id\" INTO found_id;\n"
        + "      IF found_id IS NULL THEN\n"
        + "        " + select + "\n"
        + "      END IF;\n"
        + "    END IF;\n"
        + "    " + fk + " := found_id;\n"
        + "  END IF;\n";
  }

  /** CREATE TRIGGER takes SHARE ROW EXCLUSIVE on the table for an instant: run it under lock_timeout. */
  public String createTrigger() {
    return "CREATE TRIGGER " + Quoting.identifier(triggerName()) + " BEFORE INSERT OR UPDATE OF "
        + String.join(", ", watchedColumns().stream().map(Quoting::identifier).toList()) + " ON "
        + active.qualifiedTable() + " FOR EACH ROW EXECUTE FUNCTION " + functionName() + "()";
  }

  /** DROP TRIGGER takes ACCESS EXCLUSIVE on the table for an instant: run it under lock_timeout. */
  public String dropTrigger() {
    return "DROP TRIGGER IF EXISTS " + Quoting.identifier(triggerName()) + " ON " + active.qualifiedTable();
  }

  /** Whether the trigger exists and is enabled; param: table oid. */
  public static final String INSTALLED = """
      SELECT count(*) > 0 FROM pg_catalog.pg_trigger
      WHERE tgrelid = ? AND tgname = 'cutover_dual_write' AND tgenabled <> 'D'
      """;
}
