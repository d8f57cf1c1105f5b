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

  /** The key column's type, as casts of bound key values need it ({@code bigint}, {@code uuid}). */
  public String keyType() {
    return table.column(plan.key()).orElseThrow().type();
  }

  /**
   * The table's greatest key as text (or its least): ORDER BY the key with LIMIT 1, which the key's
   * index answers for any key type, where {@code max()} does not exist for some (uuid).
   */
  public String edgeKey(boolean greatest) {
    // Qualified: a bare name in ORDER BY would be the output column, the key as text, sorted as text.
    String key = "t." + Quoting.identifier(plan.key());
    return "SELECT " + key + "::text FROM " + qualifiedTable() + " t ORDER BY " + key + (greatest ? " DESC" : "") + " LIMIT 1";
  }

  /** The greatest of a batch's keys ({@code expr}): max() for integers; uuid has none, so the first of them sorted down. */
  public String greatestOf(String expr) {
    return hasIntegerKey() ? "max(" + expr + ")" : "(array_agg(" + expr + " ORDER BY " + expr + " DESC))[1]";
  }

  public boolean hasIntegerKey() {
    return java.util.Set.of("bigint", "integer", "smallint").contains(keyType());
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
