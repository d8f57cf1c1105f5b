package io.cutover.migration.backfill;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.pacing.Budgets;
import io.cutover.migration.pacing.Workforce;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.Steps;
import io.cutover.migration.status.Precondition;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.ResultTable;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code \backfill}: fills the FKs of the rows that existed before dual-write, in batches, and
 * {@code \backfill pause|resume|status}.
 */
public final class BackfillCommand extends MigrationCommand {

  // The default batch target (100 ms) leaves room under the bound a batch may hold row locks
  // (--max-lock-ms, 250 ms), which is enforced: a batch past it is cancelled and retried smaller.
  // A smaller batch also writes less WAL, which its commit may have to wait for (150 ms batches
  // of 3.6 MB waited up to 120 ms at commit on the embedded server's 4 MB of wal_buffers).
  private static final String USAGE = "\\backfill [--batch-size N|auto] [--target-ms N] [--max-lock-ms N] [--sleep-ms N]"
      + " [--workers N] [--background] [--again] [--restart] [--one-statement] " + Budgets.USAGE
      + " | \\backfill pause|resume|status";

  public BackfillCommand() {
    super("backfill", USAGE, "fill the FK columns of existing rows in batches (resumable; pause, resume, status)");
  }

  @Override
  public List<String> complete(List<String> previous) {
    return previous.isEmpty() ? List.of("pause", "resume", "status", "--batch-size", "--workers", "--background")
        : List.of("--batch-size", "--target-ms", "--max-lock-ms", "--sleep-ms", "--workers", "--background", "--again", "--restart");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    Set<String> valued = new java.util.HashSet<>(Budgets.OPTIONS);
    valued.addAll(Set.of("--batch-size", "--target-ms", "--max-lock-ms", "--sleep-ms", "--workers"));
    Arguments.Parsed args = arguments.parse(valued,
        Set.of("--background", "--again", "--restart", "--one-statement"), USAGE).atMost(1);
    String action = args.positional(0).orElse("run");
    switch (action) {
      case "run", "resume" -> start(context, args);
      case "pause" -> pause(context, ActivePlan.load(context).target());
      case "status" -> status(context, ActivePlan.load(context).target());
      default -> throw new CommandException("unknown action \"" + action + "\"", "usage: " + USAGE);
    }
  }

  private static void start(CommandContext context, Arguments.Parsed args) throws Exception {
    Connection c = context.connection();
    ActivePlan active = ActivePlan.load(context);
    Precondition.EXPANDED.require(c, active);
    Precondition.DUAL_WRITE_ON.require(c, active);
    Optional<Integer> fixed = Optional.empty();
    String size = args.option("--batch-size").orElse("auto");
    if (!size.equals("auto")) {
      fixed = Optional.of((int) args.number("--batch-size", 1000, BatchSizer.MIN_ROWS, BatchSizer.MAX_ROWS));
    }
    long target = args.number("--target-ms", 100, 10, 60_000);
    long maxLock = args.number("--max-lock-ms", Math.max(250, target + target / 2), 50, 600_000);
    if (maxLock <= target) {
      throw new CommandException("--max-lock-ms (" + maxLock + ") must be above --target-ms (" + target + ")",
          "batches aim at the target; the bound cancels the few that run over it");
    }
    Backfill.Settings settings = new Backfill.Settings(fixed, target, args.number("--sleep-ms", 0, 0, 600_000),
        args.option("--workers").isPresent() ? Optional.of((int) args.number("--workers", 1, 1, Workforce.MOST))
            : Optional.empty(),
        args.has("--one-statement"), maxLock, Budgets.parse(args, USAGE));
    Backfill.Start how = args.has("--restart") ? Backfill.Start.RESTART
        : args.has("--again") ? Backfill.Start.AGAIN : Backfill.Start.RESUME;
    if (args.has("--background")) {
      // The shell waits for it at a script's end, and a confirmed \q stops it after its batch.
      context.runInBackground("backfill", cancellation -> {
        try {
          report(context, active, new Backfill(active, context.pool(), context.printer(), cancellation, settings).run(how));
        } catch (Exception e) {
          context.printer().warning("the background backfill stopped: " + e.getMessage()
              + " (\\backfill resumes it from its checkpoint)");
        }
      });
      context.printer().info("Backfill running in the background: \\backfill status or \\progress to follow it,"
          + " \\backfill pause to stop it.");
      return;
    }
    report(context, active, new Backfill(active, context.pool(), context.printer(), context.cancellation(), settings).run(how));
  }

  /** What a run recorded of itself in cutover.steps. */
  private record Recorded(long rows, long written, long batches, long longestLockMs, long ms) {
  }

  private static void report(CommandContext context, ActivePlan active, Backfill.Summary s) throws Exception {
    if (s.batches() == 0 && s.state() == BackfillState.FINISHED) {
      return;
    }
    double seconds = Math.max(0.001, s.millis() / 1000.0);
    String line = String.format(Locale.ROOT, "Backfill %s: %,d rows of %s in %,d batches, %,d rows written, %.1f s"
        + " (%,.0f rows/s).", s.state().word(), s.scanned(), active.plan().table(), s.batches(), s.updated(), seconds,
        s.scanned() / seconds);
    String held = s.holds().describe();
    line += held.isEmpty() ? "" : " Row locks held " + held + ".";
    String workers = s.workers().describe();
    line += workers.isEmpty() ? "" : " " + workers + ".";
    String pacing = s.pacing().describe();
    line += pacing.isEmpty() ? "" : " Health: " + pacing + ".";
    context.printer().info(line + (s.state() == BackfillState.PAUSED ? " \\backfill resumes from the checkpoint."
        : " Next: \\progress --exact, then \\validate_fks."));
    try (Connection own = context.pool().getConnection()) {
      Steps.record(own, active.target(), RunbookStep.BACKFILL, s.state().word(),
          new Recorded(s.scanned(), s.updated(), s.batches(), s.holds().longestMs(), s.millis()));
    }
  }

  private static void pause(CommandContext context, PlanTable plan) throws Exception {
    try (Connection c = context.pool().getConnection()) {
      var run = Checkpoints.run(c, plan);
      if (run.isEmpty() || run.get().state() != BackfillState.RUNNING) {
        throw new CommandException("no backfill of " + plan + " is running", "\\backfill status shows where it stands");
      }
      Checkpoints.state(c, plan, BackfillState.PAUSE_REQUESTED);
    }
    context.printer().info("Asked the backfill of " + plan + " to pause: it stops after its current batch;"
        + " \\backfill resumes it.");
  }

  private static void status(CommandContext context, PlanTable plan) throws Exception {
    Connection c = context.connection();
    List<Checkpoints.Range> ranges = Checkpoints.ranges(c, plan);
    var run = Checkpoints.run(c, plan);
    if (run.isEmpty()) {
      context.printer().info("No backfill of " + plan + " has run. Start one with \\backfill.");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Checkpoints.Range r : ranges) {
      rows.add(java.util.Arrays.asList(Integer.toString(r.number()), r.after().orElse("(start)"), r.max(),
          r.doneAfter().orElse(null), String.format(Locale.ROOT, "%,d", r.scanned()),
          String.format(Locale.ROOT, "%,d", r.updated()), r.finished() ? "yes" : "no"));
    }
    long done = ranges.stream().mapToLong(Checkpoints.Range::scanned).sum();
    long estimate = run.get().estimatedRows();
    context.printer().table(new ResultTable(String.format(Locale.ROOT, "Backfill %s: %,d of ~%,d rows (%d%%),"
        + " %,d batches, longest %d ms (%s)", run.get().state().word(), done, estimate,
        estimate == 0 ? 100 : Math.min(100, done * 100 / estimate), run.get().batches(), run.get().longestBatchMs(), plan),
        List.of(ResultTable.Column.number("range"), ResultTable.Column.text("after"), ResultTable.Column.text("up to"),
            ResultTable.Column.text("done up to"), ResultTable.Column.number("rows"), ResultTable.Column.number("written"),
            ResultTable.Column.text("finished")), rows, null));
    if (run.get().state() == BackfillState.RUNNING || run.get().state() == BackfillState.PAUSE_REQUESTED) {
      Backfill.log(plan).read(c).ifPresent(t -> context.printer().info("Now " + t.reason() + " (since " + t.since() + ")."));
    }
    if (run.get().state() == BackfillState.STOPPED) {
      context.printer().info("No session is running it (its shell was killed, lost its connection or stopped on an"
          + " error): \\backfill resumes it from the checkpoint.");
    }
  }
}
