package io.cutover.migration.partition;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.lock.AdvisoryLock;
import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.plan.PlanStore;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.SqlValues;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import io.cutover.shell.spi.ResultTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code \partition maintain|retain|status [TABLE]}: keeps a table partitioned by RANGE on a time
 * column ready for the coming periods and rid of the old ones, online. TABLE defaults to the
 * session's plan's table; a table without a plan is named.
 */
public final class PartitionCommand extends MigrationCommand {

  private static final String USAGE = "\\partition maintain [TABLE] [--premake N] [--every day|week|month] [--dry-run]"
      + " | \\partition retain [TABLE] --older-than INTERVAL [--archive TABLE | --drop-after INTERVAL] [--dry-run]"
      + " | \\partition status [TABLE]   (each with [--lock-timeout 2s] [--lock-retries N])";
  /** Advisory lock purpose, "cutparti": one maintain or retain per table at a time. */
  static final long LOCK = 0x6375_7470_6172_7469L;
  private static final Set<String> VALUED = Set.of("--premake", "--every", "--older-than", "--archive", "--drop-after",
      "--lock-timeout", "--lock-retries");

  public PartitionCommand() {
    super("partition", USAGE, "premake the coming periods' partitions, detach and archive or drop old ones (maintain, retain, status)");
  }

  @Override
  public List<String> complete(List<String> previous) {
    return previous.isEmpty() ? List.of("maintain", "retain", "status")
        : List.of("--premake", "--every", "--older-than", "--archive", "--drop-after", "--dry-run", "--lock-timeout");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    Arguments.Parsed args = arguments.parse(VALUED, Set.of("--dry-run"), USAGE).atMost(2);
    String action = args.positional(0).orElseThrow(() -> new CommandException("say what to do", USAGE));
    LockRetry.Settings lock = LockRetry.Settings.of(args, USAGE);
    try (Connection c = context.pool().getConnection(); Connection monitor = context.pool().getConnection()) {
      lendSearchPath(context, c);
      Optional<String> named = args.positional(1);
      PartitionedTable table = PartitionedTable.read(c, named.isPresent() ? named.get() : planTable(context).key());
      LockRetry retry = new LockRetry(lock, monitor, context.printer()::warning, context.cancellation());
      switch (action) {
        case "maintain" -> exclusively(context, c, table, () -> maintain(context, c, table, args, retry, lock));
        case "retain" -> exclusively(context, c, table, () -> retain(context, c, table, args, retry, lock));
        case "status" -> status(context, c, table);
        default -> throw new CommandException("unknown \\partition action \"" + action + "\"", USAGE);
      }
    }
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  /**
   * Runs {@code work} holding the table's partitioning lock: two runs at once (cron and a person)
   * would make or detach the same partition twice. Released before the connection goes back to the pool.
   */
  private static void exclusively(CommandContext context, Connection c, PartitionedTable table, Work work) throws Exception {
    long key = table.table().lockKey(LOCK);
    if (!AdvisoryLock.tryLock(c, key)) {
      throw new CommandException("another session is maintaining the partitions of " + table.table() + " now",
          "wait for it to finish (SELECT pid FROM pg_locks WHERE locktype = 'advisory' shows it), then run this again");
    }
    try {
      work.run();
    } finally {
      AdvisoryLock.unlock(c, key, "partitioning", context.printer()::warning);
    }
  }

  /** A bare table name means what it means in the user's session: its search_path, not the pool's. */
  private static void lendSearchPath(CommandContext context, Connection c) throws SQLException {
    String path = SqlValues.one(context.connection(), String.class, "SELECT current_setting('search_path')");
    SqlValues.one(c, String.class, "SELECT set_config('search_path', ?, false)", path);
  }

  private static PlanTable planTable(CommandContext context) throws SQLException, CommandException {
    try {
      return PlanStore.selected(context).plan().target();
    } catch (CommandException e) {
      throw new CommandException("which table? " + e.getMessage(), "name it: " + USAGE);
    }
  }

  private static void maintain(CommandContext context, Connection c, PartitionedTable table, Arguments.Parsed args,
                               LockRetry retry, LockRetry.Settings lock) throws Exception {
    Period period = period(table, args);
    int headroom = (int) args.number("--premake", period.defaultHeadroom(), 0, 1000);
    Premaker premaker = new Premaker(table, period);
    List<Premaker.Planned> missing = premaker.missing(c, headroom);
    if (missing.isEmpty()) {
      context.printer().info(table.table() + " has its partitions up to " + table.edge().map(Period::shown).orElse("?")
          + ": the current " + period + " and " + headroom + " ahead. Nothing to do.");
      return;
    }
    context.printer().info(String.format(Locale.ROOT, "%s: %d %s partition%s to make, up to %s (the current %s and %d ahead).",
        table.table(), missing.size(), period, missing.size() == 1 ? "" : "s",
        Period.shown(missing.get(missing.size() - 1).to()), period, headroom));
    if (args.has("--dry-run")) {
      missing.forEach(m -> context.printer().info("  would attach " + m.table() + " for " + Period.shown(m.from()) + " .. "
          + Period.shown(m.to())));
      return;
    }
    for (Premaker.Planned m : missing) {
      premaker.make(c, retry, lock, m, context.printer());
    }
    context.printer().info("Run \\partition maintain " + table.table() + " daily (cron: cutover -c '\\partition maintain "
        + table.table() + "' \"$DATABASE_URL\", or pg_cron calling the same through a shell job): it makes only what is missing.");
  }

  private static Period period(PartitionedTable table, Arguments.Parsed args) throws CommandException {
    Optional<String> every = args.option("--every");
    if (every.isPresent()) {
      return Period.of(every.get()).orElseThrow(() -> new CommandException("--every takes day, week or month, not \""
          + every.get() + "\"", USAGE));
    }
    return table.period().orElseThrow(() -> new CommandException(table.partitions().isEmpty()
        ? table.table() + " has no partitions yet to tell its period from"
        : table.table() + "'s partitions do not all span one day, one ISO week or one calendar month (UTC)",
        "name the period: \\partition maintain " + table.table() + " --every day|week|month"));
  }

  private static void retain(CommandContext context, Connection c, PartitionedTable table, Arguments.Parsed args,
                             LockRetry retry, LockRetry.Settings lock) throws Exception {
    String olderThan = args.option("--older-than").orElseThrow(() -> new CommandException(
        "say which partitions are old: --older-than INTERVAL (e.g. '13 months')", USAGE));
    if (args.has("--archive") && args.has("--drop-after")) {
      throw new CommandException("--archive keeps the old partitions and --drop-after drops them: choose one", USAGE);
    }
    if (table.defaultPartition().isPresent()) {
      throw new CommandException(table.table() + " has a DEFAULT partition (" + table.defaultPartition().get().table()
          + "): PostgreSQL cannot detach partitions concurrently then, and a plain detach would lock out the application",
          "move the DEFAULT partition's rows into range partitions and detach it, then run \\partition retain again");
    }
    long cutoff = (long) Math.floor(epochAgo(c, "--older-than", olderThan));
    Optional<PlanTable> archive = args.option("--archive").map(PartitionCommand::archiveName)
        .map(parts -> parts.size() == 1 ? new PlanTable(table.table().schema(), parts.get(0)) : new PlanTable(parts.get(0), parts.get(1)));
    Optional<Double> dropCutoff = args.option("--drop-after").isPresent()
        ? Optional.of(epochAgo(c, "--drop-after", args.option("--drop-after").get())) : Optional.empty();
    Retention retention = new Retention(table, retry, lock, context.printer());
    List<PartitionedTable.Partition> due = retention.due(cutoff);
    context.printer().info(String.format(Locale.ROOT, "%s: %d partition%s wholly before %s to detach%s.", table.table(),
        due.size(), due.size() == 1 ? "" : "s", Period.shown(cutoff),
        archive.map(a -> " and archive in " + a).orElse(dropCutoff.isPresent() ? " (dropped after --drop-after)" : "")));
    if (args.has("--dry-run")) {
      due.forEach(p -> context.printer().info("  would detach " + p.table() + " (" + p.range() + ")"));
      return;
    }
    CutoverSchema.ensure(c);
    for (PartitionedTable.Partition p : due) {
      retention.detach(c, p, archive.map(PlanTable::key));
      if (archive.isPresent()) {
        retention.archive(c, p, archive.get());
      }
    }
    if (dropCutoff.isPresent()) {
      int dropped = retention.dropDetachedBefore(c, dropCutoff.get());
      context.printer().info("  " + dropped + " detached partition" + (dropped == 1 ? "" : "s") + " dropped");
    } else if (archive.isEmpty() && !due.isEmpty()) {
      context.printer().info("The detached partitions are tables of their own now. Drop them after a grace period:"
          + " \\partition retain " + table.table() + " --older-than '" + olderThan + "' --drop-after '30 days'");
    }
  }

  private static List<String> archiveName(String typed) {
    return Quoting.parseName(typed);
  }

  /** Epoch seconds of now minus {@code interval} as the server reads it (so '13 months', '1 year 2 days', 'P1Y'). */
  private static double epochAgo(Connection c, String option, String interval) throws SQLException, CommandException {
    try {
      return SqlValues.one(c, Double.class, PartitionSql.AGO, interval);
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("22")) {
        throw new CommandException(option + " \"" + interval + "\" is not an interval PostgreSQL reads",
            "write it as PostgreSQL does: " + option + " '13 months' (or '90 days', '1 year')");
      }
      throw e;
    }
  }

  private static void status(CommandContext context, Connection c, PartitionedTable table) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    for (PartitionedTable.Partition p : table.partitions()) {
      rows.add(List.of(p.table().toString(), p.range(), Long.toString(p.estimatedRows()),
          p.pending() ? "detach pending (\\partition retain finishes it)" : ""));
    }
    context.printer().table(ResultTable.of(List.of(ResultTable.Column.text("partition"), ResultTable.Column.text("range (UTC)"),
            ResultTable.Column.number("rows (estimate)"), ResultTable.Column.text("note")), rows)
        .withTitle("Partitions of " + table.table() + " by " + Quoting.identifier(table.column()) + " ("
            + table.period().map(Period::word).orElse("irregular periods") + ")"));
    Headroom.shortfall(c, table).ifPresent(context.printer()::warning);
  }
}
