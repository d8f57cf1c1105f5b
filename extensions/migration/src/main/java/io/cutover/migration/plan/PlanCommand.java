package io.cutover.migration.plan;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.backfill.BackfillState;
import io.cutover.migration.backfill.BackfillStatus;
import io.cutover.migration.backfill.Checkpoints;
import io.cutover.migration.migrate.MigrationDirectory;
import io.cutover.migration.rebuild.OrphanedRebuild;
import io.cutover.migration.rebuild.RebuildStatus;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.Steps;
import io.cutover.migration.state.Transactions;
import io.cutover.migration.verify.ExactCheckState;
import io.cutover.shell.spi.ArgumentKind;
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

  /** What storing a plan did: the plans stored before it, and whether this table's plan changed its dimensions. */
  private sealed interface Outcome permits Stored, Refused {
  }

  private record Stored(List<PlanStore.StoredPlan> before, boolean dimensionsChanged) implements Outcome {
  }

  private record Refused(CommandException why) implements Outcome {
  }

  /** Advisory lock of \plan's check and store, "cutplans". */
  private static final long PLANS_LOCK = 0x6375_7470_6c61_6e73L;

  private static final String USAGE = "\\plan [FILE] | \\plan list | \\plan use TABLE | \\plan forget TABLE";

  public PlanCommand() {
    super("plan", USAGE, "load a migration plan (validated against the database), show it, list the plans or choose one");
  }

  @Override
  public List<String> complete(List<String> previous) {
    return previous.isEmpty() ? List.of("list", "use", "forget") : List.of();
  }

  /** {@code \plan FILE} takes a file; {@code use} and {@code forget} a table. */
  @Override
  public ArgumentKind argumentKind(List<String> previous) {
    if (previous.isEmpty()) {
      return ArgumentKind.FILE;
    }
    return previous.size() == 1 && List.of("use", "forget").contains(previous.get(0)) ? ArgumentKind.TABLE
        : ArgumentKind.OTHER;
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
      case "forget" -> forget(context, args.positional(1).orElseThrow(() -> new CommandException("\\plan forget needs"
          + " the plan's table", "usage: " + USAGE + " (\\plan list shows them)")));
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
    Path migrations = MigrationDirectory.real(plan.migrationsDirectory(file));
    Connection c = context.connection();
    CutoverSchema.ensure(c);
    // Checked and stored under one lock: two \plan loads at once must not both see a directory free.
    Outcome outcome = Transactions.call(c, () -> {
      try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, PLANS_LOCK);
        lock.execute();
      }
      List<PlanStore.StoredPlan> stored = PlanStore.all(c);
      Optional<CommandException> shared = sharedDirectory(stored, plan, migrations, file);
      if (shared.isPresent()) {
        return new Refused(shared.get());
      }
      Optional<PlanStore.StoredPlan> earlier = stored.stream().filter(p -> p.plan().target().equals(plan.target()))
          .findFirst();
      boolean changed = earlier.isPresent() && !earlier.get().plan().dimensions().equals(plan.dimensions());
      if (changed) {
        // What the backfill and the exact check recorded was of the old dimensions (a finished backfill never
        // filled a new one): the checkpoints go, a clean check is voided; refused while that backfill runs.
        if (BackfillStatus.read(c, plan.target()).filter(b -> b.state() == BackfillState.RUNNING).isPresent()) {
          return new Refused(new CommandException("refused: the backfill of " + plan.target() + " is running with the"
              + " stored plan's dimensions", "let it finish, or \\backfill pause, then load the plan again"));
        }
        Checkpoints.forget(c, plan.target());
        ExactCheckState.voidClean(c, plan.target(), "the plan's dimensions changed at " + java.time.OffsetDateTime.now(java.time.ZoneId.systemDefault()));
      }
      PlanStore.save(c, plan, file.toAbsolutePath().toString());
      return new Stored(stored, changed);
    });
    if (outcome instanceof Refused refused) {
      throw refused.why();
    }
    Stored stored = (Stored) outcome;
    PlanStore.select(context, plan.target());
    report.remarks().forEach(r -> context.printer().info("  " + r));
    if (stored.dimensionsChanged()) {
      context.printer().info("The plan's dimensions changed: the backfill starts over at the next \\backfill (rows"
          + " already right are only read), and the exact check is to run again.");
    }
    long scoped = plan.dimensions().stream().filter(Dimension::isScoped).count();
    boolean others = stored.before().stream().anyMatch(p -> !p.plan().target().equals(plan.target()));
    context.printer().info("Plan for " + plan.target() + " stored: " + plan.dimensions().size()
        + " dimensions (" + scoped + " scoped), key " + plan.key()
        + plan.rawColumn().map(r -> ", raw column " + r).orElse("") + ", migrations in " + migrations + "."
        + (others ? " It is this session's plan (the others: \\plan list)." : "")
        + " Next: \\migrate generate, then \\migrate.");
  }

  /**
   * Another plan's migrations directory that is this one's, or holds it, or is inside it (the scan
   * reads data/ too): their files would be numbered in one sequence and applied under either plan.
   * Paths are compared real (symlinks resolved). A Flipper flag is the application's switch for
   * one table: another plan's \dualwrite off must not turn this one's off.
   */
  private static Optional<CommandException> sharedDirectory(List<PlanStore.StoredPlan> stored, MigrationPlan plan,
      Path migrations, Path file) {
    for (PlanStore.StoredPlan other : stored) {
      if (other.plan().target().equals(plan.target())) {
        continue;
      }
      Optional<Path> theirs = other.migrationsDirectory();
      if (theirs.filter(t -> t.startsWith(migrations) || migrations.startsWith(t)).isPresent()) {
        return Optional.of(new CommandException("refused: the plan of " + other.plan().target() + " keeps its"
            + " migrations in " + theirs.get() + (theirs.get().equals(migrations) ? " already" : ", which "
            + (migrations.startsWith(theirs.get()) ? "holds " : "is inside ") + migrations)
            + ", and two plans' migrations must not share a directory",
            "give this plan its own, e.g. \"migrations\": \"migrations/" + plan.table() + "\" in " + file.getFileName()
                + ", beside the other plan's directory, not inside it"));
      }
      for (Optional<String> flag : List.of(plan.flags().dualWrite(), plan.flags().skipRaw())) {
        Optional<String> same = flag.filter(f -> other.plan().flags().dualWrite().equals(Optional.of(f))
            || other.plan().flags().skipRaw().equals(Optional.of(f)));
        if (same.isPresent()) {
          return Optional.of(new CommandException("refused: the plan of " + other.plan().target() + " uses the Flipper"
              + " flag " + same.get() + " already; one flag for two tables would turn both on and off together",
              "give each table's plan its own flags (\"flags\" in " + file.getFileName() + ")"));
        }
      }
    }
    return Optional.empty();
  }

  private static void use(CommandContext context, String typed) throws Exception {
    PlanStore.StoredPlan chosen = PlanStore.named(PlanStore.all(context.connection()), typed, "\"" + typed + "\"");
    PlanStore.select(context, chosen.plan().target());
    context.printer().info("This session works on the plan of " + chosen.plan().target() + "; \\status shows where it"
        + " stands.");
  }

  /**
   * Retires a plan: a table migrated to the end, given up, dropped or renamed. Its records go, the
   * history of its applied migrations stays (loaded again, the plan knows them). Refused while its
   * backfill runs or its rebuild is under way on a table that still exists; a rebuild whose table
   * is gone is given up with it.
   */
  private static void forget(CommandContext context, String typed) throws Exception {
    Connection c = context.connection();
    PlanTable table = PlanStore.named(PlanStore.all(c), typed, "\"" + typed + "\"").plan().target();
    if (BackfillStatus.read(c, table).filter(b -> b.state() == BackfillState.RUNNING).isPresent()) {
      throw new CommandException("refused: the backfill of " + table + " is running", "\\backfill pause it first");
    }
    boolean exists = TableShape.read(c, table.schema(), table.name()).isPresent();
    if (exists && RebuildStatus.underway(c, table)) {
      throw new CommandException("refused: a rebuild of " + table + " is under way",
          "give it up first: \\plan use " + table + ", then \\rebuild abort");
    }
    if (!exists) {
      OrphanedRebuild.giveUp(c, table, "2s").ifPresent(copy -> context.printer().info("The rebuild of " + table
          + ", whose table is gone, is given up: its copy " + copy + ", change log and triggers are gone."));
    }
    Transactions.run(c, () -> {
      Checkpoints.forget(c, table);
      Steps.forget(c, table);
      PlanStore.forget(c, table);
    });
    if (context.variables().get(PlanStore.SELECTED).map(table::isNamedBy).orElse(false)) {
      context.variables().unset(PlanStore.SELECTED);
    }
    context.printer().info("The plan of " + table + " is forgotten; the history of its migrations is kept."
        + (exists ? " Its dual-write trigger, if on, stays (load the plan again and \\dualwrite off to remove it)." : ""));
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
