package io.cutover.migration.verify;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.lock.LockedTransaction;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.Dimension;
import io.cutover.migration.plan.ForeignKeys;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.Steps;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code \validate_fks}: after an exact check finds nothing missing or mismatched, VALIDATE each FK
 * constraint in its own transaction. VALIDATE takes SHARE UPDATE EXCLUSIVE: reads and writes go
 * on while it scans. Re-running skips the constraints already valid.
 */
public final class ValidateFksCommand extends MigrationCommand {

  private static final String USAGE = "\\validate_fks [--lock-timeout 2s] [--lock-retries N]";

  public ValidateFksCommand() {
    super("validate_fks", USAGE, "validate every FK constraint, once an exact check shows nothing missing or mismatched");
  }

  /** What the step records: how many constraints this run validated. */
  private record Validated(int validated) {
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    LockRetry.Settings lock = LockRetry.Settings.of(
        arguments.parse(Set.of("--lock-timeout", "--lock-retries"), Set.of(), USAGE).atMost(0), USAGE);
    ActivePlan active = ActivePlan.load(context);
    try (Connection c = context.pool().getConnection(); Connection monitor = context.pool().getConnection()) {
      context.printer().info("Checking every row of " + active.plan().table() + " first (one scan)...");
      ExactCheck.Result check = ExactCheck.run(c, monitor, active, context.printer(), false);
      if (!check.isClean()) {
        List<String> left = new ArrayList<>();
        for (ExactCheck.DimensionCount d : check.dimensions()) {
          if (d.missing() > 0 || d.mismatched() > 0) {
            left.add(String.format(Locale.ROOT, "%s: %,d missing, %,d mismatched", d.dimension().column(), d.missing(),
                d.mismatched()));
          }
        }
        throw new CommandException("refused: not every row is backfilled (" + String.join("; ", left) + ")",
            "run \\backfill (\\backfill --again after a finished run), then \\validate_fks again");
      }
      LockRetry retry = new LockRetry(lock, monitor, context.printer()::warning, context.cancellation());
      int validated = 0;
      for (Dimension d : active.plan().dimensions()) {
        Optional<ForeignKeys.Constraint> con = ForeignKeys.of(c, active, d);
        if (con.isEmpty()) {
          throw new CommandException("no FK constraint on " + d.fk() + " to " + d.lookup(),
              "the expand step adds them: \\migrate generate, then \\migrate");
        }
        String name = con.get().name();
        if (con.get().isValid()) {
          context.printer().info("  " + name + " is valid already");
          continue;
        }
        long start = System.nanoTime();
        retry.run("validate " + name, c, () -> LockedTransaction.run(c, lock.lockTimeoutSetting(),
            "ALTER TABLE " + active.qualifiedTable() + " VALIDATE CONSTRAINT " + Quoting.identifier(name)));
        validated++;
        context.printer().info(String.format(Locale.ROOT, "  %s validated in %.1f s", name, (System.nanoTime() - start) / 1e9));
      }
      Steps.record(c, active.target(), RunbookStep.VALIDATE, "done", new Validated(validated));
      context.printer().info("Every FK of " + active.plan().table() + " is valid. Next: \\drop_raw stop-writes, then \\drop_raw.");
    }
  }
}
