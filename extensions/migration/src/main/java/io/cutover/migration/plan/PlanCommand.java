package io.cutover.migration.plan;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.backfill.BackfillState;
import io.cutover.migration.backfill.BackfillStatus;
import io.cutover.migration.backfill.Checkpoints;
import io.cutover.migration.state.Transactions;
import io.cutover.migration.verify.ExactCheckState;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.ResultTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code \plan [FILE]}: validate a plan against the database, store it and make it this session's;
 * {@code \plan list} shows every plan of the database, {@code \plan use TABLE} chooses one, and
 * {@code \plan} alone shows the session's.
 */
public final class PlanCommand extends MigrationCommand {

  private static final String USAGE = "\\plan [FILE] | \\plan list | \\plan use TABLE";

  public PlanCommand() {
    super("plan", USAGE, "load a migration plan (validated against the database), show it, list the plans or choose one");
  }

  @Override
  public List<String> complete(List<String> previous) {
    return previous.isEmpty() ? List.of("list", "use") : List.of();
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    var args = arguments.parse(Set.of(), Set.of(), USAGE).atMost(2);
    Optional<String> first = args.positional(0);
    if (first.isEmpty()) {
      show(context);
      return;
    }
    switch (first.get()) {
      case "list" -> list(context);
      case "use" -> use(context, args.positional(1).orElseThrow(() -> new CommandException("\\plan use needs the plan's"
          + " table", "usage: " + USAGE + " (\\plan list shows them)")));
      default -> {
        if (args.positional(1).isPresent()) {
          throw new CommandException("\\plan takes one file", "usage: " + USAGE);
        }
        load(context, first.get());
      }
    }
  }

  private static void load(CommandContext context, String typed) throws Exception {
    Path file = context.resolvePath(typed);
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
          "fix the plan file and run \\plan " + typed + " again");
    }
    Path migrations = plan.migrationsDirectory(file);
    List<PlanStore.StoredPlan> stored = PlanStore.all(context.connection());
    for (PlanStore.StoredPlan other : stored) {
      // Two plans' migrations in one directory would be numbered in one sequence and applied under either plan.
      if (!other.plan().target().equals(plan.target())
          && other.migrationsDirectory().filter(migrations::equals).isPresent()) {
        throw new CommandException("refused: the plan of " + other.plan().target() + " keeps its migrations in "
            + migrations + " already, and two plans' migrations must not share a directory",
            "give this plan its own, e.g. \"migrations\": \"migrations/" + plan.table() + "\" in " + file.getFileName());
      }
    }
    Optional<PlanStore.StoredPlan> earlier = stored.stream().filter(p -> p.plan().target().equals(plan.target())).findFirst();
    if (earlier.isPresent() && !earlier.get().plan().dimensions().equals(plan.dimensions())) {
      dimensionsChanged(context, plan.target());
    }
    PlanStore.save(context.connection(), plan, file.toAbsolutePath().toString());
    PlanStore.select(context, plan.target());
    report.remarks().forEach(r -> context.printer().info("  " + r));
    long scoped = plan.dimensions().stream().filter(Dimension::isScoped).count();
    boolean others = stored.stream().anyMatch(p -> !p.plan().target().equals(plan.target()));
    context.printer().info("Plan for " + plan.target() + " stored: " + plan.dimensions().size()
        + " dimensions (" + scoped + " scoped), key " + plan.key()
        + plan.rawColumn().map(r -> ", raw column " + r).orElse("") + ", migrations in " + migrations + "."
        + (others ? " It is this session's plan (the others: \\plan list)." : "")
        + " Next: \\migrate generate, then \\migrate.");
  }

  /**
   * The table's plan is loaded again with other dimensions: what the backfill and the exact check
   * recorded was of the old ones (a finished backfill never filled a new dimension), so the
   * checkpoints go and a clean check is voided. Refused while the backfill runs on the old ones.
   */
  private static void dimensionsChanged(CommandContext context, PlanTable table) throws Exception {
    Connection c = context.connection();
    if (BackfillStatus.read(c, table).filter(b -> b.state() == BackfillState.RUNNING).isPresent()) {
      throw new CommandException("refused: the backfill of " + table + " is running with the stored plan's dimensions",
          "let it finish, or \\backfill pause, then load the plan again");
    }
    Transactions.run(c, () -> {
      Checkpoints.forget(c, table);
      ExactCheckState.voidClean(c, table, "the plan's dimensions changed at " + java.time.OffsetDateTime.now());
    });
    context.printer().info("The plan's dimensions changed: the backfill starts over at the next \\backfill (rows"
        + " already right are only read), and the exact check is to run again.");
  }

  private static void use(CommandContext context, String typed) throws Exception {
    PlanStore.StoredPlan chosen = PlanStore.named(PlanStore.all(context.connection()), typed, "\"" + typed + "\"");
    PlanStore.select(context, chosen.plan().target());
    context.printer().info("This session works on the plan of " + chosen.plan().target() + "; \\status shows where it"
        + " stands.");
  }

  private static void list(CommandContext context) throws Exception {
    List<PlanStore.StoredPlan> plans = PlanStore.all(context.connection());
    if (plans.isEmpty()) {
      throw new CommandException("no plan loaded in this database", "load one with \\plan FILE");
    }
    Optional<String> chosen = context.variables().get(PlanStore.SELECTED);
    List<List<String>> rows = new ArrayList<>();
    for (PlanStore.StoredPlan p : plans) {
      boolean selected = chosen.map(p.plan().target().key()::equals).orElse(plans.size() == 1);
      rows.add(Arrays.asList(p.plan().target().toString(), Integer.toString(p.plan().dimensions().size()),
          p.migrationsDirectory().map(Path::toString).orElse(null), p.loadedBy(), p.loadedAt().toString(),
          selected ? "yes" : ""));
    }
    context.printer().table(ResultTable.of(List.of(ResultTable.Column.text("table"),
        ResultTable.Column.number("dimensions"), ResultTable.Column.text("migrations"), ResultTable.Column.text("loaded by"),
        ResultTable.Column.text("loaded at"), ResultTable.Column.text("this session's")), rows).withTitle("Plans"));
  }

  private static void show(CommandContext context) throws Exception {
    var stored = PlanStore.selected(context);
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
    stored.migrationsDirectory().ifPresent(m -> facts.add("migrations: " + m));
    facts.add("loaded by " + stored.loadedBy() + " at " + stored.loadedAt() + stored.source().map(s -> " from " + s).orElse(""));
    facts.forEach(context.printer()::line);
  }
}
