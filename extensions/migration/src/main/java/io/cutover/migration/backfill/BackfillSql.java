package io.cutover.migration.backfill;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.Dimension;
import io.cutover.migration.plan.TableShape;
import io.cutover.shell.spi.Quoting;
import java.util.ArrayList;
import java.util.List;

/**
 * The backfill's statements for one plan. Keys are bound as text and cast to the key's type, so
 * any orderable key works (bigint, uuid, text). A batch is a key range ({@code after, upto]}:
 * <ol>
 * <li>{@link #slice}: the upper key of the next N rows (an index range scan);</li>
 * <li>{@link #missingValues} and {@link #insertValue}: the range's values that have no lookup row
 * yet, each inserted in a transaction of its own before the update (see {@link BackfillBatch} for why);</li>
 * <li>{@link #update}: ONE update that sets every FK of the range's rows that need it, so each row
 * gets one new version, not one per dimension; with the checkpoint in the same transaction.</li>
 * </ol>
 */
final class BackfillSql {

  private final ActivePlan active;
  private final String key;
  private final String keyType;

  BackfillSql(ActivePlan active) {
    this.active = active;
    this.key = Quoting.identifier(active.plan().key());
    this.keyType = active.keyType();
  }

  /**
   * The key range of a batch. Two forms rather than "$1 IS NULL OR key > $1", which a cached
   * generic plan cannot turn into an index range scan. Bind: [after,] upto (as text).
   */
  private String range(String alias, boolean fromStart) {
    String upper = alias + "." + key + " <= CAST(? AS " + keyType + ")";
    return fromStart ? upper : alias + "." + key + " > CAST(? AS " + keyType + ") AND " + upper;
  }

  /**
   * The rows a batch must write: a string without an FK or an FK without a string, and an FK left
   * pointing at another lookup row by an update made while dual-write was off (l0..lN are joined by
   * value). The last only where the string's lookup row is visible: one a writer's trigger added
   * after this statement began is not, and that writer has set the FK right itself.
   */
  private static String wrongIds(List<Dimension> dims) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < dims.size(); i++) {
      String col = "t." + Quoting.identifier(dims.get(i).column());
      String fk = "t." + Quoting.identifier(dims.get(i).fk());
      String id = "l" + i + ".\"id\"";
      terms.add("(" + col + " IS NULL) <> (" + fk + " IS NULL)");
      terms.add("(" + fk + " <> " + id + ")");
    }
    return "(" + String.join(" OR ", terms) + ")";
  }

  List<Dimension> dimensions() {
    return active.plan().dimensions();
  }

  /**
   * After the last batch: statistics for the lookups (filled from nothing) and the FK columns, so
   * the planner sizes the read cutover's joins and semi-joins right (without them, rewritten
   * reads were measured 2x slower). ShareUpdateExclusiveLock: reads and writes go on.
   */
  String analyze() {
    List<String> tables = new ArrayList<>();
    for (Dimension d : active.plan().dimensions()) {
      tables.add(active.qualifiedLookup(d));
    }
    tables.add(active.qualifiedTable());
    return "ANALYZE " + String.join(", ", tables);
  }

  /** The smallest and largest key now (two index probes). */
  String bounds() {
    return "SELECT (" + active.edgeKey(false) + "), (" + active.edgeKey(true) + ")";
  }

  /** The planner's row estimate of the table, for progress before a count. */
  static final String ESTIMATE = "SELECT greatest(reltuples, 0)::bigint FROM pg_catalog.pg_class WHERE oid = ?";

  /** Bind: [after,] upto, limit. Returns the last key of the next {@code limit} rows and how many there are. */
  String slice(boolean fromStart) {
    return "SELECT " + active.greatestOf("k") + "::text, count(*) FROM (SELECT t." + key + " AS k FROM " + active.qualifiedTable() + " t WHERE "
        + range("t", fromStart) + " ORDER BY t." + key + " LIMIT ?) s";
  }

  /**
   * Bind: [after,] upto. The values of one dimension in the range that have no lookup row yet:
   * scope columns first, then the value.
   */
  String missingValues(Dimension d, boolean fromStart) {
    List<String> cols = new ArrayList<>();
    List<String> match = new ArrayList<>();
    for (String s : d.scope()) {
      cols.add("t." + Quoting.identifier(s));
      match.add(active.scopeMatch(s, "l." + Quoting.identifier(s), "t." + Quoting.identifier(s)));
    }
    cols.add("t." + Quoting.identifier(d.column()));
    match.add(active.valueMatch(d, "l." + Quoting.identifier(d.valueColumn()), "t." + Quoting.identifier(d.column())));
    return "SELECT DISTINCT " + String.join(", ", cols) + " FROM " + active.qualifiedTable() + " t WHERE "
        + range("t", fromStart) + " AND t." + Quoting.identifier(d.column()) + " IS NOT NULL"
        + " AND NOT EXISTS (SELECT 1 FROM " + active.qualifiedLookup(d) + " l WHERE "
        + String.join(" AND ", match) + ")";
  }

  /** Bind: scope values, then the value. One lookup row, or nothing when another transaction added it first. */
  String insertValue(Dimension d) {
    List<String> cols = new ArrayList<>();
    d.scope().forEach(s -> cols.add(Quoting.identifier(s)));
    cols.add(Quoting.identifier(d.valueColumn()));
    return "INSERT INTO " + active.qualifiedLookup(d) + " (" + String.join(", ", cols) + ") VALUES ("
        + String.join(", ", cols.stream().map(c -> "?").toList()) + ") ON CONFLICT DO NOTHING";
  }

  /**
   * Bind: [after,] upto. Sets every FK of the range's rows that need work, locking them in key
   * order; a NULL string finds no lookup row, so its FK becomes NULL. Returns the rows updated.
   */
  String update(boolean fromStart) {
    List<Dimension> dims = active.plan().dimensions();
    List<String> selected = new ArrayList<>(List.of("t." + key + " AS k"));
    List<String> joins = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    TableShape table = active.table();
    for (int i = 0; i < dims.size(); i++) {
      Dimension d = dims.get(i);
      String l = "l" + i;
      selected.add(l + ".\"id\" AS c" + i);
      List<String> on = new ArrayList<>();
      for (String s : d.scope()) {
        on.add(active.scopeMatch(s, l + "." + Quoting.identifier(s), "t." + Quoting.identifier(s)));
      }
      on.add(active.valueMatch(d, l + "." + Quoting.identifier(d.valueColumn()), "t." + Quoting.identifier(d.column())));
      joins.add("LEFT JOIN " + active.qualifiedLookup(d) + " " + l + " ON " + String.join(" AND ", on));
      sets.add(Quoting.identifier(d.fk()) + " = v.c" + i);
    }
    return "UPDATE " + active.qualifiedTable() + " h SET " + String.join(", ", sets) + "\nFROM (\n  SELECT "
        + String.join(", ", selected) + "\n  FROM " + active.qualifiedTable() + " t\n  "
        + String.join("\n  ", joins) + "\n  WHERE " + range("t", fromStart) + " AND " + wrongIds(dims) + "\n  ORDER BY t." + key
        + "\n  FOR UPDATE OF t\n) v\nWHERE h." + key + " = v.k";
  }
}
