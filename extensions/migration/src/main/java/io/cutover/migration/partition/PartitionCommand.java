package io.cutover.migration.partition;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.lock.AdvisoryLock;
import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.pacing.Budgets;
import io.cutover.migration.plan.Names;
import io.cutover.migration.plan.PlanStore;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.plan.TableShape;
import io.cutover.migration.rebuild.PartitionConversion;
import io.cutover.migration.rebuild.RebuildCommand;
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
 * {@code \partition [TABLE] by COLUMN every PERIOD}: converts a table to one partitioned by RANGE
 * on a time column, online ({@link PartitionConversion}; {@code status|resume|abort|drop-old} follow
 * it); {@code \partition maintain|retain|status [TABLE]}: keeps such a table ready for the coming
 * periods and rid of the old ones, online. TABLE defaults to the session's plan's table; a table
 * without a plan is named.
 */
public final class PartitionCommand extends MigrationCommand {

  private static final String USAGE = "\\partition [TABLE] by COLUMN every day|week|month [--premake N] [--since DATE]"
      + " [--dry-run] [--yes] [--batch-size N] [--target-ms N] [--sleep-ms N] " + Budgets.USAGE
      + " | \\partition status|resume|abort [TABLE] | \\partition drop-old [TABLE] [--force]"
      + " | \\partition maintain [TABLE] [--premake N] [--every day|week|month] [--dry-run]"
      + " | \\partition retain [TABLE] --older-than INTERVAL [--archive TABLE | --drop-after INTERVAL] [--dry-run]"
      + "   (each with [--lock-timeout 2s] [--lock-retries N])";
  /** Advisory lock purpose, "cutparti": one maintain or retain per table at a time. */
  static final long LOCK = 0x6375_7470_6172_7469L;
  private static final Set<String> VALUED = valued();
  /** More partitions than this from the oldest row: a few rows dated far back, which --since leaves to the overflow. */
  private static final int MAX_PARTITIONS = 1000;

  private static Set<String> valued() {
    Set<String> out = new java.util.HashSet<>(Budgets.OPTIONS);
    out.addAll(Set.of("--premake", "--every", "--older-than", "--archive", "--drop-after", "--lock-timeout",
        "--lock-retries", "--since", "--batch-size", "--target-ms", "--sleep-ms"));
    return Set.copyOf(out);
  }

  public PartitionCommand() {
    super("partition", USAGE, "convert a table to time partitions online; premake the coming periods' partitions,"
        + " detach and archive or drop old ones (maintain, retain, status, resume, abort, drop-old)");
  }

  @Override
  public List<String> complete(List<String> previous) {
    return previous.isEmpty() ? List.of("by", "maintain", "retain", "status", "resume", "abort", "drop-old")
        : List.of("by", "every", "day", "week", "month", "--premake", "--since", "--every", "--older-than", "--archive",
            "--drop-after", "--dry-run", "--yes", "--lock-timeout");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    Arguments.Parsed args = arguments.parse(VALUED, Set.of("--dry-run", "--yes", "--force"), USAGE).atMost(5);
    String action = args.positional(0).orElseThrow(() -> new CommandException("say what to do", USAGE));
    LockRetry.Settings lock = LockRetry.Settings.of(args, USAGE);
    try (Connection c = context.pool().getConnection(); Connection monitor = context.pool().getConnection()) {
      lendSearchPath(context, c);
      if (!Set.of("maintain", "retain", "status", "resume", "abort", "drop-old").contains(action)) {
        convert(context, c, args, lock);
        return;
      }
      if (args.positionals().size() > 2) {
        throw new CommandException("\\partition " + action + " takes one table, not " + (args.positionals().size() - 1)
            + " words", USAGE);
      }
      Optional<String> named = args.positional(1);
      String typed = named.isPresent() ? named.get() : planTable(context).key();
      switch (action) {
        case "resume", "abort", "drop-old", "status" -> {
          Named table = Named.resolve(c, typed);
          if (action.equals("status") && table.partitioned()) {
            status(context, c, PartitionedTable.read(c, typed));
          }
          conversionAction(context, c, table, action, args, lock);
          return;
        }
        default -> {
        }
      }
      PartitionedTable table = PartitionedTable.read(c, typed);
      LockRetry retry = new LockRetry(lock, monitor, context.printer()::warning, context.cancellation());
      switch (action) {
        case "maintain" -> exclusively(context, c, table, () -> maintain(context, c, table, args, retry, lock));
        default -> exclusively(context, c, table, () -> retain(context, c, table, args, retry, lock));
      }
    }
  }

  /** {@code \partition status|resume|abort|drop-old} of the conversion of {@code table}. */
  private static void conversionAction(CommandContext context, Connection c, Named table, String action,
      Arguments.Parsed args, LockRetry.Settings lock) throws Exception {
    PartitionConversion conversion = new PartitionConversion(table.table());
    TableShape shape = table.shape(c);
    switch (action) {
      case "status" -> {
        if (!table.partitioned() || conversion.isUnfinished(c)) {
          conversion.status(context, c);
        }
      }
      case "resume" -> RebuildCommand.exclusively(context, c, () -> conversion.resume(context, c, shape, args, lock, USAGE));
      case "abort" -> RebuildCommand.exclusively(context, c, () -> conversion.abort(context, c, shape, lock));
      default -> conversion.dropOld(context, c, shape, lock, args.has("--yes"), args.has("--force"));
    }
  }

  /**
   * {@code \partition [TABLE] by COLUMN every PERIOD}: the partitions from the oldest row's period
   * (or --since's) to the current one and --premake ahead, and the two overflow partitions, so that
   * no insert ever fails: [MINVALUE, first) for rows dated far back, [edge, MAXVALUE) for rows dated
   * past the newest (clients send their own clocks).
   */
  private static void convert(CommandContext context, Connection c, Arguments.Parsed args, LockRetry.Settings lock)
      throws Exception {
    List<String> words = args.positionals();
    int by = words.indexOf("by");
    if (by < 0 || by > 1 || words.size() != by + 4 || !words.get(by + 2).equals("every")) {
      throw new CommandException("unknown \\partition action \"" + words.get(0) + "\"", USAGE);
    }
    Named named = Named.resolve(c, by == 1 ? words.get(0) : planTable(context).key());
    // As SQL reads it: "When" is exact, When is when.
    List<String> columnName = Quoting.parseName(words.get(by + 1));
    if (columnName.size() != 1) {
      throw new CommandException("\"" + words.get(by + 1) + "\" is not a column name",
          "name the column as SQL does: time, or \"Time\" for a name with capitals");
    }
    String column = columnName.get(0);
    Period period = Period.of(words.get(by + 3)).orElseThrow(() -> new CommandException("every takes day, week or month,"
        + " not \"" + words.get(by + 3) + "\"", USAGE));
    PartitionConversion conversion = new PartitionConversion(named.table());
    RebuildCommand.exclusively(context, c, () -> {
      Optional<String> underway = conversion.column(c);
      if (underway.isPresent()) {
        if (!underway.get().equals(column)) {
          throw new CommandException("a conversion of " + named.table() + " by " + Quoting.identifier(underway.get())
              + " is under way", "take it up (\\partition resume " + named.table() + ") or give it up (\\partition abort "
              + named.table() + ") first");
        }
        conversion.resume(context, c, named.shape(c), args, lock, USAGE);
        return;
      }
      if (named.partitioned()) {
        throw new CommandException(named.table() + " is partitioned already",
            "\\partition maintain " + named.table() + " premakes its coming periods");
      }
      TableShape shape = named.shape(c);
      TableShape.Column col = shape.column(column).orElseThrow(() -> new CommandException(named.table() + " has no column "
          + Quoting.identifier(column), "name its time column as the catalog spells it: \\d " + named.table()));
      TimeKind kind = TimeKind.of(col.type()).orElseThrow(() -> new CommandException(Quoting.identifier(column) + " of "
          + named.table() + " is " + col.type() + ", not a time", "partition by a timestamptz, timestamp, date or"
          + " epoch-seconds (integer or float8) column"));
      var keyed = conversion.keyed(c, shape, column);
      List<PartitionConversion.Part> parts = parts(c, named.table(), column, kind, period,
          (int) args.number("--premake", period.defaultHeadroom(), 0, 1000), args.option("--since"));
      conversion.start(context, c, keyed, column, parts, args, lock, USAGE);
    });
  }

  /** The copy's partitions: the overflow of the far past, one per period, the overflow of the future. */
  private static List<PartitionConversion.Part> parts(Connection c, PlanTable table, String column, TimeKind kind,
      Period period, int premake, Optional<String> since) throws SQLException, CommandException {
    long now = (long) Math.floor(SqlValues.one(c, Double.class, PartitionSql.NOW));
    long from;
    if (since.isPresent()) {
      try {
        from = period.floor((long) Math.floor(SqlValues.one(c, Double.class, PartitionSql.DATE_EPOCH, since.get())));
      } catch (SQLException e) {
        throw new CommandException("--since \"" + since.get() + "\" is not a date PostgreSQL reads",
            "write it as --since 2024-01-01");
      }
    } else {
      java.math.BigDecimal oldest = SqlValues.one(c, java.math.BigDecimal.class, String.format(Locale.ROOT, PartitionSql.OLDEST,
          kind.toEpoch("t." + Quoting.identifier(column)), table.key(), Quoting.identifier(column)));
      from = period.floor(oldest == null ? now : Math.min(now, oldest.setScale(0, java.math.RoundingMode.FLOOR).longValue()));
    }
    long end = period.floor(now);
    for (int i = 0; i <= premake; i++) {
      end = period.next(end);
    }
    List<PartitionConversion.Part> out = new ArrayList<>();
    out.add(new PartitionConversion.Part(Names.fitted(table.name(), "_p_past"),
        SqlValues.one(c, String.class, String.format(Locale.ROOT, PartitionSql.BOUND_BEFORE, kind.fromEpoch("?")), from)));
    for (long start = from; start < end; start = period.next(start)) {
      if (out.size() > MAX_PARTITIONS) {
        throw new CommandException("refused: " + table + "'s oldest row is dated " + Period.shown(from) + ", which makes"
            + " more than " + MAX_PARTITIONS + " " + period + " partitions", "leave the oldest rows to the far-past"
            + " partition: --since DATE (e.g. --since 2020-01-01)");
      }
      out.add(new PartitionConversion.Part(Premaker.name(table.name(), start), SqlValues.one(c, String.class,
          String.format(Locale.ROOT, PartitionSql.BOUND, kind.fromEpoch("?"), kind.fromEpoch("?")), start, period.next(start))));
    }
    out.add(new PartitionConversion.Part(Names.fitted(table.name(), "_p_future"),
        SqlValues.one(c, String.class, String.format(Locale.ROOT, PartitionSql.BOUND_AFTER, kind.fromEpoch("?")), end)));
    return out;
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
    table.overflow().ifPresent(o -> context.printer().info("  " + o.table() + " takes the rows dated from "
        + o.range() + ": it is split in one transaction holding an ACCESS EXCLUSIVE lock on " + table.table()
        + " (the application waits at most the lock timeout for it, then for as long as moving its rows dated"
        + " before " + Period.shown(missing.get(missing.size() - 1).to()) + " takes)"));
    if (args.has("--dry-run")) {
      missing.forEach(m -> context.printer().info("  would attach " + m.table() + " for " + Period.shown(m.from()) + " .. "
          + Period.shown(m.to())));
      return;
    }
    Optional<PartitionedTable.Partition> overflow = table.overflow();
    if (overflow.isPresent()) {
      premaker.split(c, retry, lock, overflow.get(), missing, context.printer());
    } else {
      for (Premaker.Planned m : missing) {
        premaker.make(c, retry, lock, m, context.printer());
      }
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
