package io.cutover.migration.contract;

import io.cutover.migration.pacing.Budgets;
import io.cutover.migration.pacing.Pacer;
import io.cutover.migration.MigrationCommand;
import io.cutover.migration.dualwrite.FlipperFlags;
import io.cutover.migration.lock.Durations;
import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.lock.LockedTransaction;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.Steps;
import io.cutover.migration.status.Precondition;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Progress;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code \drop_raw stop-writes} turns on the application's skip-raw flag and watches new rows
 * arrive without the raw column; {@code \drop_raw} then drops the column: FKs validated, raw
 * writes stopped, nothing depending on the column, optionally archived first, under a short
 * lock_timeout with retries (the runbook's "this will lock the DB" becomes a wait of at most the
 * lock timeout for the application), after a typed confirmation.
 */
public final class DropRawCommand extends MigrationCommand {

  private static final String USAGE = "\\drop_raw stop-writes [--watch 30s] [--undo] | \\drop_raw [--archive TABLE] [--yes]"
      + " [--force-writes] [--lock-timeout 2s] [--lock-retries N] " + Budgets.USAGE;

  public DropRawCommand() {
    super("drop_raw", USAGE, "stop writes to the raw column, then drop it (guarded, optionally archived, under lock_timeout)");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    Set<String> valued = new java.util.HashSet<>(Budgets.OPTIONS);
    valued.addAll(Set.of("--archive", "--lock-timeout", "--lock-retries", "--watch"));
    Arguments.Parsed args = arguments.parse(valued, Set.of("--yes", "--force-writes", "--undo"), USAGE).atMost(1);
    ActivePlan active = ActivePlan.load(context);
    String raw = active.plan().rawColumn().orElseThrow(() -> new CommandException("the plan names no raw column",
        "add \"raw_column\" to the plan"));
    try (Connection c = context.pool().getConnection()) {
      if (args.positional(0).map("stop-writes"::equals).orElse(false) && args.has("--undo")) {
        undoStopWrites(context, c, active, raw);
      } else if (args.positional(0).map("stop-writes"::equals).orElse(false)) {
        Precondition.EXPANDED.require(c, active);
        stopWrites(context, c, active, raw, args.option("--watch").isPresent()
            ? Durations.parse("--watch", args.option("--watch").get(), USAGE).toMillis() : 30_000);
      } else if (args.positional(0).isPresent()) {
        throw new CommandException("unknown action \"" + args.positional(0).get() + "\"", "usage: " + USAGE);
      } else {
        drop(context, c, active, raw, args);
      }
    }
  }

  private static void stopWrites(CommandContext context, Connection c, ActivePlan active, String raw, long watchMs)
      throws Exception {
    String flag = active.plan().flags().skipRaw().orElseThrow(() -> new CommandException(
        "the plan names no skip-raw flag (flags.skip_raw)", "stop the writes in the application, then \\drop_raw --force-writes"));
    // The first call marks the table's newest key; later calls keep that mark and look at what came after it.
    String mark = RawWrites.mark(c, active).orElse(maxKey(c, active));
    FlipperFlags.enable(c, flag);
    RawWrites.stopping(c, active, mark);
    context.printer().info("Flag " + flag + " is on. Watching new rows of " + active.plan().table() + " for " + raw + "...");
    long seconds = Math.max(1, watchMs / 1000);
    long start = System.currentTimeMillis();
    String outcome;
    try (Progress watching = context.printer().progress("watching " + raw, seconds)) {
      while (true) {
        long[] seen = newRows(c, active, raw, mark);
        long elapsed = System.currentTimeMillis() - start;
        if (seen[0] > 0 && seen[1] == 0) {
          RawWrites.stopped(c, active, mark);
          outcome = seen[0] + " rows arrived since, none with " + raw + ": raw writes have stopped. Next: \\drop_raw.";
          break;
        }
        if (elapsed > watchMs) {
          outcome = seen[0] == 0 ? "No row was written while watching, so nothing shows yet that the application"
              + " stopped writing " + raw + ": run \\drop_raw stop-writes again once it has written rows (with no"
              + " application writing, as in the demo, insert a row the way it would). The flag stays on;"
              + " \\drop_raw stop-writes --undo turns it off."
              : seen[1] + " of " + seen[0] + " new rows still carry " + raw
                  + ": the application has not picked the flag up yet; check again later.";
          break;
        }
        watching.update(Math.min(seconds, elapsed / 1000), seen[0] + " new rows, " + seen[1] + " with " + raw + "; "
            + (watchMs - elapsed + 999) / 1000 + " s left");
        context.cancellation().throwIfCancelled();
        Thread.sleep(500);
      }
    }
    context.printer().info(outcome);
  }

  /** {@code stop-writes --undo}: the application writes the raw column again; the drop needs a new proof. */
  private static void undoStopWrites(CommandContext context, Connection c, ActivePlan active, String raw)
      throws Exception {
    String flag = active.plan().flags().skipRaw().orElseThrow(() -> new CommandException(
        "the plan names no skip-raw flag (flags.skip_raw)", "nothing to undo: cutover turns no flag on without it"));
    FlipperFlags.disable(c, flag);
    RawWrites.undone(c, active);
    context.printer().info("Flag " + flag + " is off again: the application writes " + raw + " as before, and"
        + " \\drop_raw waits for a new \\drop_raw stop-writes.");
  }

  private static void drop(CommandContext context, Connection c, ActivePlan active, String raw, Arguments.Parsed args)
      throws Exception {
    if (active.table().column(raw).isEmpty()) {
      context.printer().info("Column " + raw + " of " + active.plan().table() + " is gone already.");
      return;
    }
    Precondition.FKS_VALID.require(c, active);
    Precondition.NOT_BEING_REBUILT.require(c, active);
    if (!args.has("--force-writes")) {
      Precondition.RAW_WRITES_STOPPED.require(c, active);
    } else {
      context.printer().warning("--force-writes: dropping " + raw + " without proof that the application stopped writing it");
    }
    List<String> dependents = ColumnDependents.of(c, active.table().oid(), raw);
    if (!dependents.isEmpty()) {
      throw new CommandException("refused: " + raw + " is used by " + String.join(", ", dependents),
          "drop or change those first; DROP COLUMN would fail or take them with it");
    }
    if (args.option("--archive").isPresent()) {
      Pacer pacer = new Pacer(Budgets.parse(args, USAGE), active.table().oid(), Optional.empty());
      RawArchive.copy(c, active, raw, args.option("--archive").get(), context.printer(), pacer, context.cancellation());
    }
    if (!args.has("--yes")) {
      context.confirm("Drop column " + raw + " of " + active.plan().table() + "?", active.plan().table());
    }
    LockRetry.Settings lock = LockRetry.Settings.of(args, USAGE);
    try (Connection monitor = context.pool().getConnection()) {
      new LockRetry(lock, monitor, context.printer()::warning, context.cancellation()).run("drop " + raw, c,
          () -> LockedTransaction.run(c, lock.lockTimeoutSetting(),
              "ALTER TABLE " + active.qualifiedTable() + " DROP COLUMN " + Quoting.identifier(raw)));
    }
    Steps.record(c, active.target(), RunbookStep.DROP_RAW, "done", new Steps.None());
    context.printer().info("Dropped " + raw + " of " + active.plan().table() + ". The migration is complete;"
        + " \\rewrite previews the reads on the FK columns.");
  }

  private static String maxKey(Connection c, ActivePlan active) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(active.edgeKey(true))) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Rows after {@code mark}: how many, and how many still carry the raw column. */
  private static long[] newRows(Connection c, ActivePlan active, String raw, String mark) throws SQLException {
    String key = Quoting.identifier(active.plan().key());
    String where = mark == null ? "" : " WHERE " + key + " > CAST(? AS " + active.keyType() + ")";
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*), count(" + Quoting.identifier(raw) + ") FROM "
        + active.qualifiedTable() + where)) {
      if (mark != null) {
        ps.setString(1, mark);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }
}
