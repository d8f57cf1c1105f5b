package io.cutover.migration.plan;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.backfill.BackfillStatus;
import io.cutover.migration.rebuild.RebuildStatus;
import io.cutover.migration.state.RunbookRecords;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.ResultTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code \plan [FILE]}: validate a plan against the database and store it, or show the stored one. */
public final class PlanCommand extends MigrationCommand {

  public PlanCommand() {
    super("plan", "\\plan [FILE]", "load a migration plan (validated against the database), or show the stored one");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    var args = arguments.parse(Set.of(), Set.of(), usage()).atMost(1);
    if (args.positional(0).isEmpty()) {
      show(context);
      return;
    }
    Path file = context.resolvePath(args.positional(0).get());
    String json;
    try {
      json = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new CommandException(file + ": No such file or directory");
    } catch (IOException e) {
      throw new CommandException(file + ": " + e.getMessage());
    }
    MigrationPlan plan;
    PlanCatalogCheck.Report report;
    try {
      plan = PlanReader.read(json);
      report = PlanCatalogCheck.check(context.connection(), plan);
    } catch (InvalidPlanException e) {
      throw new CommandException("invalid plan " + file.getFileName() + ": " + e.getMessage(),
          "fix the plan file and run \\plan " + args.positional(0).get() + " again");
    }
    Optional<MigrationPlan> previous = PlanStore.current(context.connection()).map(PlanStore.StoredPlan::plan)
        .filter(p -> !p.schema().equals(plan.schema()) || !p.table().equals(plan.table()));
    if (previous.isPresent()) {
      leave(context, previous.get());
    }
    PlanStore.save(context.connection(), plan, file.toAbsolutePath().toString());
    report.remarks().forEach(r -> context.printer().info("  " + r));
    long scoped = plan.dimensions().stream().filter(Dimension::isScoped).count();
    context.printer().info("Plan for " + plan.schema() + "." + plan.table() + " stored: " + plan.dimensions().size()
        + " dimensions (" + scoped + " scoped), key " + plan.key()
        + plan.rawColumn().map(r -> ", raw column " + r).orElse("") + ". Next: \\migrate generate, then \\migrate.");
  }

  /**
   * Another table's plan: the runbook's records are of the previous table, and go (one table's at a
   * time). Refused while work on the previous table is under way: a rebuild's change-log trigger
   * would stay on it with no record to end it, a running backfill would lose its checkpoints.
   */
  private static void leave(CommandContext context, MigrationPlan previous) throws Exception {
    String name = previous.schema() + "." + previous.table();
    Connection c = context.connection();
    if (RebuildStatus.isUnderway(c)) {
      throw new CommandException("refused: a rebuild of " + name + " is under way, and its records would be lost with"
          + " another table's plan", "finish it (\\rebuild) or give it up (\\rebuild abort) first, under the plan of " + name);
    }
    if (BackfillStatus.read(c).filter(b -> b.state().equals("running")).isPresent()) {
      throw new CommandException("refused: the backfill of " + name + " is running",
          "let it finish, or \\backfill pause, then load the other plan");
    }
    RunbookRecords.clear(c);
    context.printer().info("The runbook's records of " + name + " (steps, backfill checkpoints, the exact check) are"
        + " cleared for the new table; to go back to " + name + " later: \\plan its file, \\backfill --again,"
        + " \\progress --exact.");
  }

  private static void show(CommandContext context) throws Exception {
    var stored = PlanStore.current(context.connection())
        .orElseThrow(() -> new CommandException("no plan loaded in this database", "load one with \\plan FILE"));
    MigrationPlan plan = stored.plan();
    List<List<String>> rows = new ArrayList<>();
    for (Dimension d : plan.dimensions()) {
      rows.add(List.of(d.column(), d.lookup(), d.fk(), d.valueColumn(), String.join(", ", d.scope())));
    }
    context.printer().table(ResultTable.of(List.of(ResultTable.Column.text("column"), ResultTable.Column.text("lookup"),
        ResultTable.Column.text("fk"), ResultTable.Column.text("value column"), ResultTable.Column.text("scope")), rows)
        .withTitle("Plan for " + plan.schema() + "." + plan.table() + " (key " + plan.key() + ")"));
    List<String> facts = new ArrayList<>();
    plan.rawColumn().ifPresent(r -> facts.add("raw column: " + r));
    plan.flags().dualWrite().ifPresent(f -> facts.add("dual-write flag: " + f));
    plan.flags().skipRaw().ifPresent(f -> facts.add("skip-raw flag: " + f));
    facts.add("loaded by " + stored.loadedBy() + " at " + stored.loadedAt() + stored.source().map(s -> " from " + s).orElse(""));
    facts.forEach(context.printer()::line);
  }
}
