package io.cutover.migration.plan;

import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.SQLException;

/** The stored plan with its table as the catalog has it now: what every runbook command starts from. */
public record ActivePlan(MigrationPlan plan, TableShape table) {

  /** The session's plan ({@link PlanStore#selected}). */
  public static ActivePlan load(CommandContext context) throws SQLException, CommandException {
    return of(context.connection(), PlanStore.selected(context).plan());
  }

  /** {@code plan} with its table as it is now. */
  public static ActivePlan of(Connection c, MigrationPlan plan) throws SQLException, CommandException {
    TableShape table = TableShape.read(c, plan.schema(), plan.table()).orElseThrow(() -> new CommandException(
        "the plan's table " + plan.target() + " does not exist", "restore it, or retire its plan: \\plan forget "
            + plan.target()));
    return new ActivePlan(plan, table);
  }

  /** The table, which names the plan and its records. */
  public PlanTable target() {
    return plan.target();
  }

  public String qualifiedTable() {
    return Quoting.qualified(plan.schema(), plan.table());
  }

  public String qualifiedLookup(Dimension d) {
    return Quoting.qualified(plan.schema(), d.lookup());
  }

  /** The table with the plan's key: what batches over keys and copies of the table need. */
  public KeyedTable keyed() {
    return new KeyedTable(table, plan.key());
  }

  /** The key column's type, as casts of bound key values need it ({@code bigint}, {@code uuid}). */
  public String keyType() {
    return keyed().keyType();
  }

  /** {@link KeyedTable#edgeKey}. */
  public String edgeKey(boolean greatest) {
    return keyed().edgeKey(greatest);
  }

  /** {@link KeyedTable#greatestOf}. */
  public String greatestOf(String expr) {
    return keyed().greatestOf(expr);
  }

  public boolean hasIntegerKey() {
    return keyed().hasIntegerKey();
  }

  /**
   * The condition that a lookup's scope column matches the table's: {@code =} when the column is
   * NOT NULL (so the unique index (scope, value) serves it), else IS NOT DISTINCT FROM (NULL is a
   * scope of its own) at the price of the index.
   */
  public String scopeMatch(String scope, String lookupSide, String tableSide) {
    boolean notNull = table.column(scope).map(TableShape.Column::notNull).orElse(false);
    return lookupSide + (notNull ? " = " : " IS NOT DISTINCT FROM ") + tableSide;
  }

  /**
   * The key of a lookup value that may be too long for a btree entry: md5, IMMUTABLE and built in,
   * so the planner inlines it and an index serves it (a SHA-256 wrapper around convert_to, only
   * STABLE, ran as a function call per row and made the backfill 2.6 times slower). A collision
   * cannot corrupt: the colliding value's lookup row is not inserted (ON CONFLICT), its rows keep
   * no FK, and the exact check reports them missing before \validate_fks.
   */
  public static final String DIGEST = "md5";

  /** Longest varchar(n) or char(n) whose values always fit a btree entry: n characters of up to 4 bytes, under 2.7 kB. */
  private static final int BTREE_SAFE_CHARS = 500;
  private static final java.util.regex.Pattern BOUNDED = java.util.regex.Pattern.compile(
      "character(?: varying)?\\((\\d+)\\)");

  /**
   * Whether the dimension's lookup is unique on a digest of the value ({@link #DIGEST})
   * rather than on the value: every value the column accepts must enter the lookup, and a btree
   * entry holds at most about 2.7 kB. Only a varchar(n) or char(n) short enough is keyed by value.
   */
  public boolean keysByDigest(Dimension d) {
    var bounded = BOUNDED.matcher(table.column(d.column()).orElseThrow().type());
    return !(bounded.matches() && Integer.parseInt(bounded.group(1)) <= BTREE_SAFE_CHARS);
  }

  /**
   * The condition that lookup value {@code lookupValue} is {@code value} (SQL expressions; the
   * scope aside): equal, and for a lookup keyed by digest of equal digest too, which lets the
   * digest's unique index find the row (the value's equality alone has no index there).
   */
  public String valueMatch(Dimension d, String lookupValue, String value) {
    String equal = lookupValue + " = " + value;
    return keysByDigest(d) ? equal + " AND " + DIGEST + "(" + lookupValue + ") = " + DIGEST + "(" + value + ")" : equal;
  }

  /** Whether the expand step is in place: every FK column exists. */
  public boolean isExpanded() {
    return plan.dimensions().stream().allMatch(d -> table.column(d.fk()).isPresent());
  }
}
