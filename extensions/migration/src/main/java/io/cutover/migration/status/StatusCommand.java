package io.cutover.migration.status;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.backfill.BackfillState;
import io.cutover.migration.backfill.BackfillStatus;
import io.cutover.migration.dualwrite.DualWriteState;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.PlanStore;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.partition.Headroom;
import io.cutover.migration.rebuild.PartitionConversion;
import io.cutover.migration.rebuild.RebuildStatus;
import io.cutover.migration.verify.ExactCheckState;
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
 * {@code \status}: the runbook at a glance, derived each time from the catalog and schema cutover
 * (so every shell on the database sees the same), with the one command to run next.
 */
public final class StatusCommand extends MigrationCommand {

  /** Where a step stands, for the choice of what to run next; the row shows a more precise word when it has one. */
  private enum Standing {
    DONE, NEXT, BLOCKED, OPTIONAL,
    /** Running now (a backfill): followed, not started again. */
    RUNNING,
    /** Begun and not finished (a rebuild): it comes before every other step. */
    IN_PROGRESS;

    String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  private record Row(String step, Standing standing, String state, String detail, String command) {
    Row(String step, Standing standing, String detail, String command) {
      this(step, standing, standing.word(), detail, command);
    }
  }

  public StatusCommand() {
    super("status", "\\status", "the migration runbook: each step done, running or blocked, and the command to run next");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    arguments.parse(Set.of(), Set.of(), usage()).atMost(0);
    Connection c = context.connection();
    List<PlanStore.StoredPlan> plans = PlanStore.all(c);
    if (plans.isEmpty()) {
      print(context, "Runbook", List.of(new Row("plan", Standing.NEXT, "no plan loaded", "\\plan FILE")));
      return;
    }
    // Every plan of the database, each with its own records; the session's own is marked when there are several.
    Optional<PlanTable> selected = Optional.empty();
    try {
      selected = Optional.of(PlanStore.selected(context).plan().target());
    } catch (CommandException e) {
      // None chosen among several: each is shown, none marked.
    }
    for (PlanStore.StoredPlan stored : plans) {
      PlanTable table = stored.plan().target();
      String title = plans.size() == 1 ? "Runbook" : "Runbook of " + table
          + (selected.filter(table::equals).isPresent() ? " (this session's plan)" : "");
      print(context, title, runbook(c, stored));
      Headroom.warning(c, table).ifPresent(context.printer()::warning);
    }
    if (plans.size() > 1 && selected.isEmpty()) {
      context.printer().line("This session has chosen no plan: \\plan use TABLE.");
    }
  }

  private static List<Row> runbook(Connection c, PlanStore.StoredPlan stored) throws Exception {
    List<Row> rows = new ArrayList<>();
    ActivePlan active;
    try {
      active = ActivePlan.of(c, stored.plan());
    } catch (CommandException e) {
      rows.add(new Row("plan", Standing.BLOCKED, e.getMessage(), e.hint().orElse("\\plan FILE")));
      return rows;
    }
    PlanTable plan = active.target();
    String table = active.plan().table();
    rows.add(new Row("plan", Standing.DONE, table + ", " + active.plan().dimensions().size() + " dimensions, loaded by "
        + stored.loadedBy(), "\\plan"));
    boolean expanded = Precondition.EXPANDED.holds(c, active);
    rows.add(new Row("expand", expanded ? Standing.DONE : Standing.NEXT, expanded ? "lookup tables, FK columns and constraints exist"
        : "FK columns missing", "\\migrate generate, then \\migrate"));
    DualWriteState dw = DualWriteState.read(c, active);
    String dwDetail = dw.describe() + (expanded ? "" : " (needs the expand step)");
    rows.add(dw.isOn() ? new Row("dual-write", Standing.DONE, "on", dwDetail, "\\dualwrite on")
        : new Row("dual-write", expanded ? Standing.NEXT : Standing.BLOCKED, dwDetail, "\\dualwrite on"));
    Optional<BackfillStatus> bf = BackfillStatus.read(c, plan);
    Optional<ExactCheckState> check = ExactCheckState.read(c, plan);
    // A clean check holds only while dual-write does: off now (a trigger dropped or disabled by hand) voids it too.
    // A backfill finished since the check was voided has filled the gap; the check itself waits for \progress --exact.
    Optional<String> gap = check.filter(v -> v.status() != ExactCheckState.Status.CLEAN)
        .filter(v -> bf.filter(b -> b.isFinished() && b.since().isAfter(v.at())).isEmpty())
        .map(v -> v.voidedBy().orElse("the last exact check found rows missing or mismatched"))
        .or(() -> check.filter(v -> v.isClean() && !dw.isOn()).map(v -> "dual-write being off now"));
    boolean filled = bf.map(BackfillStatus::isFinished).orElse(false) && gap.isEmpty();
    Standing bfStanding = gap.isPresent() || bf.isEmpty() ? (dw.isOn() ? Standing.NEXT : Standing.BLOCKED)
        : bf.get().isFinished() ? Standing.DONE
        : bf.get().state() == BackfillState.RUNNING || bf.get().state() == BackfillState.PAUSE_REQUESTED ? Standing.RUNNING
        : Standing.NEXT;
    String bfWord = gap.isPresent() || bf.isEmpty() || bf.get().isFinished() ? bfStanding.word() : bf.get().state().word();
    rows.add(new Row("backfill", bfStanding, bfWord, gap.map(g -> "some rows may lack their FKs (" + g
            + "): fill them again")
        .or(() -> bf.map(b -> String.format(Locale.ROOT, "%,d of ~%,d rows", b.done(), b.estimated())
            + b.throttle().map(t -> "; " + t).orElse("")))
        .orElse(dw.isOn() ? "not started" : "needs dual-write on"),
        gap.isPresent() ? (dw.isOn() ? "\\backfill --again" : "\\dualwrite on, then \\backfill --again") : "\\backfill"));
    boolean clean = check.map(ExactCheckState::isClean).orElse(false) && filled;
    rows.add(new Row("verify", clean ? Standing.DONE : filled ? Standing.NEXT : Standing.BLOCKED,
        check.map(v -> "last exact check " + v.status().word() + " at " + v.at()
            + v.voidedBy().map(b -> " (voided by " + b + ")").orElse("")).orElse("no exact check yet"),
        "\\progress --exact"));
    boolean validated = expanded && Precondition.FKS_VALID.holds(c, active);
    boolean rawGone = active.plan().rawColumn().map(r -> active.table().column(r).isEmpty()).orElse(true);
    rows.add(new Row("validate", validated ? Standing.DONE : clean ? Standing.NEXT : Standing.BLOCKED,
        validated ? "every FK constraint is valid" : "FK constraints NOT VALID", "\\validate_fks"));
    if (active.plan().rawColumn().isPresent()) {
      boolean stopped = rawGone || Precondition.RAW_WRITES_STOPPED.holds(c, active);
      rows.add(new Row("stop raw writes", stopped ? Standing.DONE : validated ? Standing.NEXT : Standing.BLOCKED,
          stopped ? "the application writes " + active.plan().rawColumn().get() + " no more"
              : "application still writes " + active.plan().rawColumn().get(),
          "\\drop_raw stop-writes"));
      boolean droppable = stopped && validated && Precondition.NOT_BEING_REBUILT.holds(c, active);
      rows.add(new Row("drop raw", rawGone ? Standing.DONE : droppable ? Standing.NEXT : Standing.BLOCKED,
          rawGone ? active.plan().rawColumn().get() + " dropped" : active.plan().rawColumn().get() + " present", "\\drop_raw"));
    }
    if (expanded) {
      RebuildStatus rebuild = RebuildStatus.read(c, active);
      Standing standing = switch (rebuild.stage()) {
        case UNDERWAY -> Standing.IN_PROGRESS;
        case SWAPPED -> Standing.NEXT;
        case DONE -> Standing.DONE;
        case OPTIONAL -> Standing.OPTIONAL;
      };
      rows.add(new Row("rebuild", standing, rebuild.stage() == RebuildStatus.Stage.SWAPPED ? rebuild.state()
          : standing.word(), rebuild.detail(), rebuild.underway() ? "\\rebuild (it resumes), or \\rebuild status"
          : "\\rebuild"));
    }
    PartitionConversion.progress(c, plan).ifPresent(p -> rows.add(new Row("partition", Standing.IN_PROGRESS, p,
        "\\partition resume " + plan + " (or \\partition status " + plan + ")")));
    return rows;
  }

  private static void print(CommandContext context, String title, List<Row> rows) {
    List<List<String>> table = new ArrayList<>();
    rows.forEach(r -> table.add(List.of(r.step(), r.state(), r.detail())));
    context.printer().table(ResultTable.of(List.of(ResultTable.Column.text("step"), ResultTable.Column.text("state"),
        ResultTable.Column.text("detail")), table).withTitle(title));
    context.printer().line(nextLine(rows));
  }

  /**
   * The line that ends {@code \status} for the database's only plan, or empty when it has none or
   * several: what {@code \demo setup} ends with too, so that its "Next:" is never stale.
   */
  public static Optional<String> next(Connection c) throws Exception {
    List<PlanStore.StoredPlan> plans = PlanStore.all(c);
    return plans.size() == 1 ? Optional.of(nextLine(runbook(c, plans.get(0)))) : Optional.empty();
  }

  private static String nextLine(List<Row> rows) {
    // A step begun and not finished comes first: the rebuild listed last must end before \drop_raw may run.
    return rows.stream().filter(r -> r.standing() == Standing.IN_PROGRESS).findFirst()
        .or(() -> rows.stream().filter(r -> r.standing() == Standing.NEXT || r.standing() == Standing.RUNNING).findFirst())
        .or(() -> rows.stream().filter(r -> r.standing() == Standing.BLOCKED).findFirst())
        .map(r -> (r.standing() == Standing.BLOCKED ? "Blocked: " : "Next: ")
            + (r.standing() == Standing.RUNNING ? "the backfill is running; follow it with \\progress" : r.command()))
        .orElse("The migration is complete.");
  }
}
