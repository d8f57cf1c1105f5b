package io.cutover.migration.plan;

import io.cutover.migration.MigrationCommand;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.ResultTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
    PlanStore.save(context.connection(), plan, file.toAbsolutePath().toString());
    report.remarks().forEach(r -> context.printer().info("  " + r));
    long scoped = plan.dimensions().stream().filter(Dimension::isScoped).count();
    context.printer().info("Plan for " + plan.schema() + "." + plan.table() + " stored: " + plan.dimensions().size()
        + " dimensions (" + scoped + " scoped), key " + plan.key()
        + plan.rawColumn().map(r -> ", raw column " + r).orElse("") + ". Next: \\migrate generate, then \\migrate.");
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
