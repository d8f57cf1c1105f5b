package io.cutover.migration.dualwrite;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.lock.LockedTransaction;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.Steps;
import io.cutover.migration.status.Precondition;
import io.cutover.migration.verify.ExactCheckState;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code \dualwrite on|off|status [--mode trigger|flipper|both]}: start or stop giving every
 * written row its FKs. {@code off} is the runbook's rollback: nothing is lost, the strings stay
 * the source of truth.
 */
public final class DualWriteCommand extends MigrationCommand {

  private static final String USAGE = "\\dualwrite on|off|status [--mode trigger|flipper|both] [--later-triggers-ok]"
      + " [--lock-timeout 2s] [--lock-retries N]";

  enum Mode { TRIGGER, FLIPPER, BOTH }

  public DualWriteCommand() {
    super("dualwrite", USAGE, "turn dual-write on or off (a trigger, the application's Flipper flag, or both)");
  }

  @Override
  public List<String> complete(List<String> previous) {
    return previous.isEmpty() ? List.of("on", "off", "status") : List.of("--mode", "trigger", "flipper", "both");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    Arguments.Parsed args = arguments.parse(Set.of("--mode", "--lock-timeout", "--lock-retries"), Set.of("--later-triggers-ok"), USAGE)
        .atMost(1);
    String action = args.positional(0).orElse("status");
    Connection c = context.connection();
    ActivePlan active = ActivePlan.load(context);
    Mode mode = mode(args.option("--mode").orElse("trigger"));
    LockRetry.Settings lock = LockRetry.Settings.of(args, USAGE);
    switch (action) {
      case "on" -> on(context, active, mode, lock, args.has("--later-triggers-ok"));
      case "off" -> off(context, active, args.has("--mode") ? mode : Mode.BOTH, lock);
      case "status" -> context.printer().line("Dual-write for " + active.plan().table() + ": "
          + DualWriteState.read(c, active).describe() + ".");
      default -> throw new CommandException("unknown action \"" + action + "\"", "usage: " + USAGE);
    }
  }

  /** What the step records: how dual-write is on (the read cutover trusts "flipper" without the trigger). */
  private record Recorded(String mode) {
  }

  private static Mode mode(String text) throws CommandException {
    try {
      return Mode.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandException("--mode is trigger, flipper or both, not \"" + text + "\"", "usage: " + USAGE);
    }
  }

  private static void on(CommandContext context, ActivePlan active, Mode mode, LockRetry.Settings lock, boolean laterOk)
      throws Exception {
    try (Connection c = context.pool().getConnection()) {
      on(context, c, active, mode, lock, laterOk);
    }
  }

  private static void on(CommandContext context, Connection c, ActivePlan active, Mode mode, LockRetry.Settings lock,
      boolean laterOk) throws Exception {
    Precondition.EXPANDED.require(c, active);
    String later = DualWriteTrigger.laterTriggers(c, active.table().oid());
    if (mode != Mode.FLIPPER && !later.isEmpty() && !laterOk) {
      throw new CommandException("refused: " + active.plan().table() + " has BEFORE triggers that fire after cutover's"
          + " (PostgreSQL fires them in name order): " + later + "; one that changes a dimension column would leave its"
          + " FK naming the value before the change", "rename them to sort before cutover_dual_write (ALTER TRIGGER ..."
          + " RENAME TO ...), or, if none of them changes a dimension column, \\dualwrite on --later-triggers-ok");
    }
    if (mode != Mode.FLIPPER) {
      DualWriteTrigger trigger = new DualWriteTrigger(active);
      execute(c, trigger.createFunction());
      execute(c, trigger.revokeExecute());
      try (Connection monitor = context.pool().getConnection()) {
        new LockRetry(lock, monitor, context.printer()::warning, context.cancellation()).run("install the dual-write trigger", c,
            () -> LockedTransaction.run(c, lock.lockTimeoutSetting(), trigger.dropTrigger(), trigger.createTrigger(),
                trigger.enableAlways()));
      }
    }
    if (mode != Mode.TRIGGER) {
      FlipperFlags.enable(c, flag(active));
    }
    Steps.record(c, active.target(), RunbookStep.DUALWRITE, "on", new Recorded(mode.name().toLowerCase(Locale.ROOT)));
    context.printer().info("Dual-write is on for " + active.plan().table() + " (" + DualWriteState.read(c, active).describe()
        + "): every row written from now on gets its " + active.plan().dimensions().size() + " FKs. Next: \\backfill.");
  }

  private static void off(CommandContext context, ActivePlan active, Mode mode, LockRetry.Settings lock) throws Exception {
    try (Connection c = context.pool().getConnection()) {
      off(context, c, active, mode, lock);
    }
  }

  private static void off(CommandContext context, Connection c, ActivePlan active, Mode mode, LockRetry.Settings lock)
      throws Exception {
    DualWriteState before = DualWriteState.read(c, active);
    if (mode != Mode.FLIPPER && before.trigger() != DualWriteTrigger.Firing.ABSENT) {
      DualWriteTrigger trigger = new DualWriteTrigger(active);
      try (Connection monitor = context.pool().getConnection()) {
        new LockRetry(lock, monitor, context.printer()::warning, context.cancellation()).run("remove the dual-write trigger", c,
            () -> LockedTransaction.run(c, lock.lockTimeoutSetting(), trigger.dropTrigger()));
      }
    }
    if (mode != Mode.TRIGGER && before.flag().isPresent() && FlipperFlags.isInstalled(c)) {
      FlipperFlags.disable(c, flag(active));
    }
    Steps.record(c, active.target(), RunbookStep.DUALWRITE, "off", new Steps.None());
    ExactCheckState.voidClean(c, active.target(), "\\dualwrite off at " + java.time.OffsetDateTime.now(java.time.ZoneId.systemDefault()));
    context.printer().info("Dual-write is off for " + active.plan().table() + " (" + DualWriteState.read(c, active).describe()
        + "). The string columns were never changed and stay the source of truth; the FK values written so far"
        + " are kept, and rows written from now on get none (\\progress counts them as missing)."
        + " To go on later: \\dualwrite on, then \\backfill (\\backfill --again after a finished run) fills the gap,"
        + " rows changed meanwhile included.");
  }

  private static String flag(ActivePlan active) throws CommandException {
    return active.plan().flags().dualWrite().orElseThrow(() -> new CommandException(
        "the plan names no dual-write flag (flags.dual_write)", "use --mode trigger, or add the flag to the plan"));
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
