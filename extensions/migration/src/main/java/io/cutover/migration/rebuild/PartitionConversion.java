package io.cutover.migration.rebuild;

import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.plan.KeyedTable;
import io.cutover.migration.plan.Names;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.plan.TableShape;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.SqlValues;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code \partition TABLE by COLUMN every PERIOD}: the table converted online to one partitioned
 * by RANGE on a time column, with {@code \rebuild}'s engine ({@link Rebuild}): the copy is the
 * partitioned table, made with its partitions ({@link Part}, computed by the caller) and its
 * unique keys widened by the column; the swap renames it into the table's place. Recorded as step
 * {@code partition} of the table, which needs no plan; one copy per database at a time, as for
 * {@code \rebuild}.
 */
public final class PartitionConversion {

  /** A partition the copy is made with: its name (in the table's schema) and its bound as the server formats it. */
  public record Part(String name, String bound) {
  }

  /** How this run's messages name the table, and the commands that resume and give it up. */
  private final PlanTable table;
  private final RebuildCommand.Commands commands;

  public PartitionConversion(PlanTable table) {
    this.table = table;
    this.commands = new RebuildCommand.Commands("\\partition resume " + table, "\\partition abort " + table);
  }

  private static final String WHAT = "conversion to partitions";

  /**
   * The primary key's first column, or NULL: the key rows are copied and replayed by, the whole key
   * before the conversion, its first column after it (the partition column added). Param: table oid,
   * and whether it must be the whole key.
   */
  private static final String PRIMARY_KEY = """
      SELECT (SELECT a.attname::text FROM pg_catalog.pg_index i
              JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
              WHERE i.indrelid = ? AND i.indisprimary AND (i.indnatts = 1 OR NOT ?))
      """;

  /** FKs from the table that are NOT VALID: a partitioned table cannot hold one. Param: table oid. */
  private static final String NOT_VALID_FKS = """
      SELECT coalesce(string_agg(conname::text, ', ' ORDER BY conname), '') FROM pg_catalog.pg_constraint
      WHERE conrelid = ? AND contype = 'f' AND NOT convalidated
      """;

  /** The table's storage options, which a partitioned table cannot hold, or NULL. Param: table oid. */
  private static final String STORAGE_OPTIONS = """
      SELECT array_to_string(reloptions, ', ') FROM pg_catalog.pg_class WHERE oid = ?
      """;

  /** Whether {@code table}'s conversion has a copy and a change log now: DDL on the table would not reach the copy. */
  public static boolean isUnderway(Connection c, PlanTable table) throws SQLException {
    return RebuildState.read(c, table, RunbookStep.PARTITION).filter(RebuildState::isUnderway).isPresent();
  }

  /** Where {@code table}'s unfinished conversion stands, in words, for {@code \status}; empty when none is. */
  public static Optional<String> progress(Connection c, PlanTable table) throws SQLException {
    return RebuildState.read(c, table, RunbookStep.PARTITION).filter(RebuildState::isUnfinished)
        .map(s -> String.format(Locale.ROOT, "conversion to partitions by %s: %s, %,d of ~%,d rows copied",
            Quoting.identifier(s.partitionedBy()), s.phase(), s.copied(), s.estimate()));
  }

  /** Whether one was begun and has not ended (its copy exists, or its swap's FKs are to validate). */
  public boolean isUnfinished(Connection c) throws SQLException {
    return RebuildState.read(c, table, RunbookStep.PARTITION).filter(RebuildState::isUnfinished).isPresent();
  }

  /** The column an unfinished one partitions by. */
  public Optional<String> column(Connection c) throws SQLException {
    return RebuildState.read(c, table, RunbookStep.PARTITION).filter(RebuildState::isUnfinished)
        .map(RebuildState::partitionedBy);
  }

  /**
   * The key the change log records rows by: the table's one-column primary key. Refused without
   * one, and when {@code column} (the partition column) may be NULL (no partition takes NULL).
   */
  public KeyedTable keyed(Connection c, TableShape shape, String column) throws SQLException, CommandException {
    String key = SqlValues.one(c, String.class, PRIMARY_KEY, shape.oid(), true);
    if (key == null) {
      throw new CommandException("refused: " + table + " has no one-column primary key, which the conversion keys the"
          + " rows it copies and the changes it replays by", "give it one (a bigserial id), or partition it another way");
    }
    if (!shape.column(column).orElseThrow().notNull()) {
      String check = Quoting.identifier(Names.fitted(shape.name(), "_" + column + "_not_null"));
      throw new CommandException("refused: " + Quoting.identifier(column) + " of " + table + " may be NULL, and no range"
          + " partition takes a NULL row", "make it NOT NULL without a long lock: ALTER TABLE " + table + " ADD CONSTRAINT "
          + check + " CHECK (" + Quoting.identifier(column) + " IS NOT NULL) NOT VALID; ALTER TABLE " + table
          + " VALIDATE CONSTRAINT " + check + "; ALTER TABLE " + table + " ALTER COLUMN " + Quoting.identifier(column)
          + " SET NOT NULL (the validated check spares its scan)");
    }
    return new KeyedTable(shape, key);
  }

  /**
   * Checks, says what changes (the unique keys that take the column; the partitions), asks, and
   * makes the copy with {@code parts}, its change log and function; then runs it as {@link #resume} does.
   * With {@code dryRun}, prints every statement instead and changes nothing.
   */
  public void start(CommandContext context, Connection c, KeyedTable keyed, String column, List<Part> parts,
      Arguments.Parsed args, LockRetry.Settings lock, String usage) throws Exception {
    RebuildTarget target = new RebuildTarget(keyed, RunbookStep.PARTITION, Optional.of(column));
    RebuildCommand.refuseBlockers(c, target, "A conversion swaps the table and its partitioned copy by renaming them,"
        + " which these would not follow (an inbound FK cannot point at a key that now includes " + column + ")");
    String notValid = SqlValues.one(c, String.class, NOT_VALID_FKS, target.oid());
    if (!notValid.isEmpty()) {
      throw new CommandException("refused: the foreign keys " + notValid + " of " + table + " are NOT VALID, which a"
          + " partitioned table cannot hold (PostgreSQL 17)", "validate them first: ALTER TABLE " + table
          + " VALIDATE CONSTRAINT ... (\\validate_fks for a plan's), then run this again");
    }
    String options = SqlValues.one(c, String.class, STORAGE_OPTIONS, target.oid());
    if (options != null) {
      throw new CommandException("refused: " + table + " has storage options (" + options + "), which a partitioned table"
          + " cannot hold", "reset them (ALTER TABLE " + table + " RESET (...)), convert, then set them on each partition");
    }
    String copy = "cutover_rebuild_" + target.oid();
    String old = Names.fitted(target.name(), "_before_partitioning");
    List<String> names = new ArrayList<>(List.of(copy, old));
    parts.forEach(p -> names.add(p.name()));
    RebuildCommand.refuseTaken(c, target, names);
    ColumnLayout layout = ColumnLayout.current(c, target.oid());
    RebuildSql sql = new RebuildSql(target, copy, layout.names());
    List<IndexCopy> indexes = IndexCopy.of(c, target, sql);
    List<String> widened = new ArrayList<>();
    for (IndexCopy index : indexes) {
      if (index.unique() && !index.plain()) {
        throw new CommandException("refused: the unique index " + index.name() + " of " + table + " has an expression,"
            + " INCLUDE columns or a descending column; a partitioned table's unique keys are plain columns",
            "replace it with a unique index on plain columns, or drop it, then run this again");
      }
      index.widening(column).ifPresent(widened::add);
    }
    RebuildCommand.Size size = RebuildCommand.size(c, target);
    context.printer().info(String.format(Locale.ROOT, "Partition %s (~%,d rows, %s with its indexes; the copy needs as much"
        + " free disk) by %s into %d partitions: %s. Reads and writes go on while it copies; at the swap, writes wait at"
        + " most the lock timeout.", table, size.rows(), size.pretty(), Quoting.identifier(column), parts.size(),
        describe(parts)));
    context.printer().info(widened.isEmpty() ? "Its unique keys include " + column + " already."
        : "PostgreSQL enforces a partitioned table's unique keys per partition, so each takes " + column + ": "
            + String.join("; ", widened) + ". " + keyed.key() + " stays unique while its values come from its default (a"
            + " sequence, gen_random_uuid()); a row inserted with a " + keyed.key() + " of its own is no longer refused"
            + " for a duplicate in another period.");
    List<String> makeCopy = new ArrayList<>(List.of(layout.createPartitionedTable(sql.qualifiedCopy(), column)));
    for (Part p : parts) {
      makeCopy.add("CREATE TABLE " + target.inSchema(p.name()) + " PARTITION OF " + sql.qualifiedCopy() + " " + p.bound());
    }
    makeCopy.addAll(RebuildCommand.copySettings(c, target, sql));
    if (args.has("--dry-run")) {
      RebuildCommand.dryRun(context, c, target, sql, makeCopy, old);
      context.printer().info("Nothing was changed (--dry-run).");
      return;
    }
    if (!args.has("--yes")) {
      context.confirm("Partition " + table + " by " + column + "?", table.name());
    }
    RebuildCommand.refuseWhileAnotherIsUnderway(c);
    RebuildState state = new RebuildState(table, RunbookStep.PARTITION, RebuildPhase.PREPARED, copy, old,
        Rebuild.shape(c, target.oid()), layout.names(), null, null, 0, size.rows(), List.of(), column);
    CutoverSchema.ensure(c);
    RebuildCommand.makeCopy(c, state, sql, makeCopy);
    run(context, c, target, state, args, lock, usage);
  }

  /** Takes up an unfinished conversion where it stopped. */
  public void resume(CommandContext context, Connection c, TableShape shape, Arguments.Parsed args, LockRetry.Settings lock,
      String usage) throws Exception {
    RebuildState state = RebuildState.read(c, table, RunbookStep.PARTITION).filter(RebuildState::isUnfinished)
        .orElseThrow(() -> new CommandException("no conversion of " + table + " to take up",
            "start one: \\partition " + table + " by COLUMN every month|week|day"));
    if (args.has("--dry-run")) {
      context.printer().info("A conversion of " + table + " is under way (" + state.phase() + "): \\partition resume "
          + table + " takes it up, \\partition status " + table + " shows it. Nothing was changed (--dry-run).");
      return;
    }
    context.printer().info(String.format(Locale.ROOT, "Resuming the conversion of %s (%s): %,d of ~%,d rows copied.",
        table, state.phase(), state.copied(), state.estimate()));
    KeyedTable keyed = keyedByPrimaryKey(c, shape).keyed();
    run(context, c, state.target(keyed), state, args, lock, usage);
  }

  private void run(CommandContext context, Connection c, RebuildTarget target, RebuildState state, Arguments.Parsed args,
      LockRetry.Settings lock, String usage) throws Exception {
    long start = System.nanoTime();
    if (!RebuildCommand.runEngine(context, c, target, state, RebuildCommand.settings(args, lock, usage), commands)) {
      return;
    }
    RebuildState now = RebuildState.read(c, table, RunbookStep.PARTITION).orElseThrow();
    context.printer().info(String.format(Locale.ROOT, "Partitioned %s by %s in %.1f s: %,d rows copied. The old table is"
        + " %s: once satisfied, drop it with \\partition drop-old %s. Its overflow partitions take rows past the"
        + " newest period and before the oldest; \\partition maintain %s splits the newer one as time comes (a short"
        + " ACCESS EXCLUSIVE on %s, under the lock timeout).", table, Quoting.identifier(now.partitionedBy()),
        (System.nanoTime() - start) / 1e9, now.copied(), now.old(), table, table, table));
  }

  public void status(CommandContext context, Connection c) throws SQLException {
    RebuildCommand.status(context, c, table, WHAT, RebuildState.read(c, table, RunbookStep.PARTITION));
  }

  /** Gives up an unfinished conversion; {@code shape} is the table as it is now. */
  public void abort(CommandContext context, Connection c, TableShape shape, LockRetry.Settings lock) throws Exception {
    Optional<RebuildState> state = RebuildState.read(c, table, RunbookStep.PARTITION);
    RebuildCommand.abort(context, c, keyedByPrimaryKey(c, shape), WHAT, state, lock);
  }

  public void dropOld(CommandContext context, Connection c, TableShape shape, LockRetry.Settings lock, boolean yes,
      boolean force) throws Exception {
    Optional<RebuildState> state = RebuildState.read(c, table, RunbookStep.PARTITION);
    RebuildCommand.dropOld(context, c, keyedByPrimaryKey(c, shape), state, lock, yes, force, "\\partition drop-old " + table);
  }

  /** The table keyed by its primary key's first column (the key it had before a swap made it (key, time)). */
  private static RebuildTarget keyedByPrimaryKey(Connection c, TableShape shape) throws SQLException {
    String key = SqlValues.one(c, String.class, PRIMARY_KEY, shape.oid(), false);
    return new RebuildTarget(new KeyedTable(shape, key == null ? "" : key), RunbookStep.PARTITION, Optional.empty());
  }

  /** The partitions in a few words: the first and last periods, and the overflow ones. */
  private static String describe(List<Part> parts) {
    if (parts.size() <= 4) {
      return String.join(", ", parts.stream().map(Part::name).toList());
    }
    return parts.get(0).name() + ", " + parts.get(1).name() + ", ... " + parts.get(parts.size() - 2).name() + ", "
        + parts.get(parts.size() - 1).name();
  }
}
