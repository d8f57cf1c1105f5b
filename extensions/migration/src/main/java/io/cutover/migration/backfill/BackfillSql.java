package io.cutover.migration.backfill;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.Dimension;
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
   * Which rows a batch takes: the first rows of its range, the rows after a key, or keys a batch
   * went around earlier because a writer held them. Separate forms rather than "$1 IS NULL OR key >
   * $1", which a cached generic plan cannot turn into an index range scan.
   */
  enum Selection {
    /** Bind: upto. */
    FROM_START,
    /** Bind: after, upto. */
    AFTER,
    /** Bind: the keys, as a text array. */
    KEYS
  }

  private String rows(String alias, Selection selection) {
    String k = alias + "." + key;
    return switch (selection) {
      case FROM_START -> k + " <= CAST(? AS " + keyType + ")";
      case AFTER -> k + " > CAST(? AS " + keyType + ") AND " + k + " <= CAST(? AS " + keyType + ")";
      case KEYS -> k + " = ANY (CAST(CAST(? AS text[]) AS " + keyType + "[]))";
    };
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

  /** Every key the plan's checkpoints hold (bind: the plan), cast to the key's type: fails (SQLSTATE class 22) on one that is not a key. */
  String checkpointKeys() {
    return "SELECT CAST(after_key AS " + keyType + "), CAST(max_key AS " + keyType + "), CAST(done_after AS " + keyType
        + ") FROM cutover.backfill_ranges WHERE plan = ?";
  }

  /** The smallest and largest key now (two index probes). */
  String bounds() {
    return "SELECT (" + active.edgeKey(false) + "), (" + active.edgeKey(true) + ")";
  }

  /** The planner's row estimate of the table, for progress before a count. */
  static final String ESTIMATE = "SELECT greatest(reltuples, 0)::bigint FROM pg_catalog.pg_class WHERE oid = ?";

  /** Bind: the selection (not KEYS), limit. Returns the last key of the next {@code limit} rows and how many there are. */
  String slice(Selection selection) {
    return "SELECT " + active.greatestOf("k") + "::text, count(*) FROM (SELECT t." + key + " AS k FROM " + active.qualifiedTable() + " t WHERE "
        + rows("t", selection) + " ORDER BY t." + key + " LIMIT ?) s";
  }

  /**
   * Bind: the selection. The values of one dimension in the selected rows that have no lookup row yet:
   * scope columns first, then the value.
   */
  String missingValues(Dimension d, Selection selection) {
    List<String> cols = new ArrayList<>();
    List<String> match = new ArrayList<>();
    for (String s : d.scope()) {
      cols.add("t." + Quoting.identifier(s));
      match.add(active.scopeMatch(s, "l." + Quoting.identifier(s), "t." + Quoting.identifier(s)));
    }
    cols.add("t." + Quoting.identifier(d.column()));
    match.add(active.valueMatch(d, "l." + Quoting.identifier(d.valueColumn()), "t." + Quoting.identifier(d.column())));
    return "SELECT DISTINCT " + String.join(", ", cols) + " FROM " + active.qualifiedTable() + " t WHERE "
        + rows("t", selection) + " AND t." + Quoting.identifier(d.column()) + " IS NOT NULL"
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
   * ONE statement per batch. Bind: the selection, twice. Sets every FK of the selected rows that
   * need work, locking them in key order, and going around the rows another transaction holds
   * (SKIP LOCKED: the batch never waits for a row while it holds others, so its own hold stays
   * under the bound whatever the application holds). NO KEY UPDATE is the lock the UPDATE takes
   * anyway (it changes no key): the KEY SHARE locks of FK checks on child rows are not in its way. A NULL string finds no lookup row, so its FK
   * becomes NULL. Returns the rows updated and, in key order, the keys gone around: the rows that
   * still need work, were not updated, and carry an xmax (a locker or an updater: a row skipped
   * because it was held always does, and so does one a writer changed after this statement's
   * snapshot, which the lock's recheck drops); only those few are matched with their lookups,
   * one index probe each, so the extra cost is a read of the batch's rows.
   */
  String update(Selection selection) {
    List<Dimension> dims = active.plan().dimensions();
    List<String> selected = new ArrayList<>(List.of("t." + key + " AS k"));
    List<String> joins = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    List<String> stillWrong = new ArrayList<>();
    for (int i = 0; i < dims.size(); i++) {
      Dimension d = dims.get(i);
      String l = "l" + i;
      selected.add(l + ".\"id\" AS c" + i);
      joins.add("LEFT JOIN " + active.qualifiedLookup(d) + " " + l + " ON " + lookupMatch(d, l));
      sets.add(Quoting.identifier(d.fk()) + " = v.c" + i);
      String col = "t." + Quoting.identifier(d.column());
      String fk = "t." + Quoting.identifier(d.fk());
      stillWrong.add("(" + col + " IS NULL) <> (" + fk + " IS NULL)");
      stillWrong.add("(" + fk + " <> (SELECT x.\"id\" FROM " + active.qualifiedLookup(d) + " x WHERE " + lookupMatch(d, "x") + "))");
    }
    return "WITH u AS (\nUPDATE " + active.qualifiedTable() + " h SET " + String.join(", ", sets) + "\nFROM (\n  SELECT "
        + String.join(", ", selected) + "\n  FROM " + active.qualifiedTable() + " t\n  "
        + String.join("\n  ", joins) + "\n  WHERE " + rows("t", selection) + " AND " + wrongIds(dims) + "\n  ORDER BY t." + key
        + "\n  FOR NO KEY UPDATE OF t SKIP LOCKED\n) v\nWHERE h." + key + " = v.k\nRETURNING h." + key + " AS k\n)\n"
        // The count first: it runs the update to its end before the skipped rows are read.
        + "SELECT (SELECT count(*) FROM u), ARRAY(SELECT t." + key + "::text FROM " + active.qualifiedTable() + " t WHERE "
        + rows("t", selection) + " AND t.xmax <> '0'::xid AND NOT EXISTS (SELECT 1 FROM u WHERE u.k = t." + key + ") AND ("
        + String.join(" OR ", stillWrong) + ") ORDER BY t." + key + ")";
  }

  /**
   * Bind: the key. Waits for the row (under the caller's lock_timeout) and locks it: the backfill
   * holds nothing else meanwhile, so it waits for a writer without making anyone wait for it.
   */
  String waitForRow() {
    return "SELECT 1 FROM " + active.qualifiedTable() + " t WHERE t." + key + " = CAST(? AS " + keyType + ") FOR NO KEY UPDATE";
  }

  /** The lookup row of {@code d}'s value in the table row {@code t}, joined as {@code l}. */
  private String lookupMatch(Dimension d, String l) {
    List<String> on = new ArrayList<>();
    for (String s : d.scope()) {
      on.add(active.scopeMatch(s, l + "." + Quoting.identifier(s), "t." + Quoting.identifier(s)));
    }
    on.add(active.valueMatch(d, l + "." + Quoting.identifier(d.valueColumn()), "t." + Quoting.identifier(d.column())));
    return String.join(" AND ", on);
  }
}
