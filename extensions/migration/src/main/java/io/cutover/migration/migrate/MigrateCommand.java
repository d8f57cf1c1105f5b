package io.cutover.migration.migrate;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.plan.PlanStore;
import io.cutover.migration.plan.TableIndex;
import io.cutover.migration.plan.TableShape;
import io.cutover.migration.lock.Durations;
import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.shell.spi.ArgumentKind;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import io.cutover.shell.spi.ResultTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code \migrate}: applies pending versioned migrations; {@code status}, {@code --dry-run},
 * {@code repair} and {@code generate} (the expand step of the stored plan).
 */
public final class MigrateCommand extends MigrationCommand {

  private static final String USAGE = "\\migrate [status|repair|generate] [--dir DIR] [--dry-run] [--lock-timeout 2s]"
      + " [--lock-retries N] [--statement-timeout 1min] [--out-of-order]";
  private static final Set<String> VALUED = Set.of("--dir", "--lock-timeout", "--lock-retries", "--statement-timeout",
      "--wait");
  private static final Set<String> FLAGS = Set.of("--dry-run", "--out-of-order");

  public MigrateCommand() {
    super("migrate", USAGE, "apply pending migrations (status, --dry-run, repair, generate the expand step of the plan)");
  }

  @Override
  public List<String> complete(List<String> previous) {
    return previous.isEmpty() ? List.of("status", "repair", "generate", "--dir", "--dry-run")
        : List.of("--dir", "--dry-run", "--lock-timeout", "--lock-retries", "--statement-timeout", "--out-of-order");
  }

  @Override
  public ArgumentKind argumentKind(List<String> previous) {
    return !previous.isEmpty() && previous.get(previous.size() - 1).equals("--dir") ? ArgumentKind.FILE : ArgumentKind.OTHER;
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    Arguments.Parsed args = arguments.parse(VALUED, FLAGS, USAGE).atMost(1);
    String verb = args.positional(0).orElse("apply");
    if (!List.of("apply", "status", "repair", "generate").contains(verb)) {
      throw new CommandException("unknown \\migrate action \"" + verb + "\"", "usage: " + USAGE);
    }
    Migrations m = migrations(context, args);
    switch (verb) {
      case "apply" -> {
        if (args.has("--dry-run")) {
          dryRun(context, m);
        } else {
          apply(context, args, m);
        }
      }
      case "status" -> status(context, m);
      case "repair" -> repair(context, m);
      default -> generate(context, m);
    }
  }

  /**
   * A directory of migrations and the history they are recorded in.
   *
   * @param plan the plan whose migrations they are, empty for a directory of no plan
   */
  private record Migrations(Path dir, Optional<PlanStore.StoredPlan> plan, SchemaHistory history) {
  }

  /**
   * The session's plan's migrations, or {@code --dir}'s. A directory's history is that of the plan
   * whose migrations directory it is, whichever plan the session has chosen, else the shared one:
   * the same files are never recorded under two histories, so never applied twice.
   */
  private static Migrations migrations(CommandContext context, Arguments.Parsed args) throws Exception {
    List<PlanStore.StoredPlan> plans = PlanStore.all(context.connection());
    if (args.option("--dir").isPresent()) {
      Path dir = MigrationDirectory.real(context.resolvePath(args.option("--dir").get()));
      Optional<PlanStore.StoredPlan> owner = plans.stream()
          .filter(p -> p.migrationsDirectory().filter(dir::equals).isPresent()).findFirst();
      return new Migrations(dir, owner, owner.map(p -> SchemaHistory.of(p.plan().target())).orElse(SchemaHistory.SHARED));
    }
    if (plans.isEmpty()) {
      throw new CommandException("no migrations directory: no plan is loaded and --dir was not given",
          "\\plan FILE (migrations/ beside it is the default), or \\migrate --dir DIR");
    }
    PlanStore.StoredPlan stored = PlanStore.selected(context);
    Path dir = stored.migrationsDirectory()
        .orElseThrow(() -> new CommandException("the stored plan has no file location", "use --dir DIR"));
    return new Migrations(dir, Optional.of(stored), SchemaHistory.of(stored.plan().target()));
  }

  private static void apply(CommandContext context, Arguments.Parsed args, Migrations m) throws Exception {
    Path dir = m.dir();
    MigrationRunner.Settings d = MigrationRunner.Settings.DEFAULT;
    Duration lockTimeout = args.option("--lock-timeout").isPresent()
        ? Durations.parse("--lock-timeout", args.option("--lock-timeout").get(), USAGE) : d.lock().lockTimeout();
    int retries = (int) args.number("--lock-retries", d.lock().retries(), 0, 1000);
    Duration statementTimeout = args.option("--statement-timeout").isPresent()
        ? Durations.parse("--statement-timeout", args.option("--statement-timeout").get(), USAGE) : d.statementTimeout();
    Duration wait = args.option("--wait").isPresent() ? Durations.parse("--wait", args.option("--wait").get(), USAGE)
        : d.lockWait();
    MigrationRunner runner = new MigrationRunner(context.pool(), context.printer(), context.cancellation(),
        new MigrationRunner.Settings(new LockRetry.Settings(lockTimeout, retries), statementTimeout, wait), m.history());
    MigrationDirectory.Scan scan = MigrationDirectory.scan(dir);
    scan.ignored().forEach(i -> context.printer().warning("ignored " + i));
    int applied = runner.migrate(scan, args.has("--out-of-order"));
    context.printer().info(applied == 0 ? "Nothing to migrate: " + dir + " is up to date."
        : "Applied " + applied + " migration" + (applied == 1 ? "" : "s") + " from " + dir + ".");
  }

  private static void status(CommandContext context, Migrations m) throws Exception {
    Path dir = m.dir();
    MigrationDirectory.Scan scan = MigrationDirectory.scan(dir);
    MigrationState state = MigrationState.of(scan.files(), m.history().list(context.connection()));
    List<List<String>> rows = new ArrayList<>();
    for (MigrationState.Entry e : state.entries()) {
      Optional<MigrationFile> f = e.file();
      Optional<AppliedMigration> a = e.applied();
      rows.add(java.util.Arrays.asList(e.version().text(),
          f.map(MigrationFile::description).orElse(a.map(AppliedMigration::description).orElse("")),
          f.map(x -> x.kind().label()).orElse(a.map(AppliedMigration::kind).orElse("")),
          f.map(x -> x.mode() == MigrationFile.TxMode.TRANSACTIONAL ? "yes" : "no").orElse(""),
          e.status().name().toLowerCase(java.util.Locale.ROOT),
          a.map(x -> x.installedOn().toString()).orElse(null),
          a.map(x -> Integer.toString(x.executionMs())).orElse(null)));
    }
    context.printer().table(new ResultTable("Migrations in " + dir
        + m.plan().map(p -> " (plan of " + p.plan().target() + ")").orElse(""), List.of(ResultTable.Column.text("version"),
        ResultTable.Column.text("description"), ResultTable.Column.text("kind"), ResultTable.Column.text("transaction"),
        ResultTable.Column.text("state"), ResultTable.Column.text("installed on"), ResultTable.Column.number("ms")),
        rows, null));
  }

  private static void dryRun(CommandContext context, Migrations m) throws Exception {
    MigrationDirectory.Scan scan = MigrationDirectory.scan(m.dir());
    Connection c = context.connection();
    MigrationState state = MigrationState.of(scan.files(), m.history().list(c));
    for (MigrationState.Entry e : state.with(MigrationState.Status.COLLISION)) {
      CommandException collision = MigrationRunner.collision(e, state);
      context.printer().warning(collision.getMessage() + "; \\migrate refuses it: " + collision.hint().orElseThrow());
    }
    List<MigrationFile> pending = state.pending();
    List<LintFinding> findings = new MigrationLinter(c).lint(pending);
    for (MigrationFile f : pending) {
      context.printer().line("-- " + MigrationRunner.describe(f) + ": " + f.name());
      context.printer().line(f.script().stripTrailing());
      for (LintFinding finding : findings) {
        if (finding.file() == f) {
          context.printer().line("-- " + (finding.isAllowed() ? "allowed: " : "REFUSED: ") + finding.message());
        }
      }
      context.printer().line("");
    }
    long refused = findings.stream().filter(x -> !x.isAllowed()).count();
    context.printer().info(pending.size() + " pending migration" + (pending.size() == 1 ? "" : "s")
        + (refused > 0 ? "; \\migrate would refuse them (" + refused + " unsafe statements)" : "")
        + ". Nothing was changed (dry run).");
  }

  private static void repair(CommandContext context, Migrations m) throws Exception {
    MigrationDirectory.Scan scan = MigrationDirectory.scan(m.dir());
    Connection c = context.connection();
    MigrationState state = MigrationState.of(scan.files(), m.history().list(c));
    Optional<MigrationState.Entry> collided = state.with(MigrationState.Status.COLLISION).stream().findFirst();
    if (collided.isPresent()) {
      CommandException collision = MigrationRunner.collision(collided.get(), state);
      throw new CommandException(collision.getMessage() + "; nothing was repaired", collision.hint().orElseThrow());
    }
    int accepted = 0;
    for (MigrationState.Entry e : state.with(MigrationState.Status.CHANGED)) {
      m.history().acceptChecksum(c, e.applied().orElseThrow(), e.file().orElseThrow().checksum());
      context.printer().info("Accepted the changed checksum of V" + e.version() + " (" + e.file().get().name() + ")");
      accepted++;
    }
    List<String> forgotten = state.with(MigrationState.Status.FAILED).isEmpty() ? List.of() : m.history().deleteFailed(c);
    forgotten.forEach(v -> context.printer().info("Forgot the failed run of V" + v + "; \\migrate runs it again"));
    if (accepted == 0 && forgotten.isEmpty()) {
      context.printer().info("Nothing to repair.");
    }
  }

  private static void generate(CommandContext context, Migrations m) throws Exception {
    Connection c = context.connection();
    var plan = PlanStore.selected(context).plan();
    if (m.plan().isPresent() && !m.plan().get().plan().target().equals(plan.target())) {
      throw new CommandException("refused: " + m.dir() + " holds the migrations of " + m.plan().get().plan().target()
          + ", not of this session's plan (" + plan.target() + ")", "leave out --dir: the plan's own directory is "
          + PlanStore.selected(context).migrationsDirectory().map(Path::toString).orElse("beside its file"));
    }
    Path dir = m.dir();
    TableShape table = TableShape.read(c, plan.schema(), plan.table()).orElseThrow(() -> new CommandException(
        "table " + plan.schema() + "." + plan.table() + " of the plan no longer exists"));
    Set<String> lookups = new HashSet<>();
    for (var d : plan.dimensions()) {
      if (CutoverSchema.relationExists(c, Quoting.qualified(plan.schema(), d.lookup()))) {
        lookups.add(d.lookup());
      }
    }
    List<ExpandGenerator.GeneratedFile> files = new ExpandGenerator(plan, table, TableIndex.of(c, table.oid()), lookups)
        .files();
    Files.createDirectories(dir);
    List<MigrationFile> existing = Files.isDirectory(dir) ? MigrationDirectory.scan(dir).files() : List.of();
    long next = existing.stream().mapToLong(f -> f.version().major()).max().orElse(0) + 1;
    Set<MigrationVersion> applied = new HashSet<>();
    m.history().list(c).stream().filter(AppliedMigration::success).forEach(a -> applied.add(a.version()));
    int written = 0;
    for (ExpandGenerator.GeneratedFile g : files) {
      // The latest file of this step: "create lookup tables", or "create lookup tables 2" after the plan changed.
      String description = g.description().replace('_', ' ');
      Pattern again = Pattern.compile(Pattern.quote(description) + "( \\d+)?");
      List<MigrationFile> earlier = existing.stream().filter(f -> again.matcher(f.description()).matches()).toList();
      Optional<MigrationFile> same = earlier.stream().max((a, b) -> a.version().compareTo(b.version()));
      if (same.isPresent()) {
        if (same.get().script().equals(g.content())) {
          continue;
        }
        if (!applied.contains(same.get().version())) {
          context.printer().warning(same.get().name() + " exists with other content; kept as it is (delete it to"
              + " regenerate, if it was not applied)");
          continue;
        }
        // Applied, and the plan has changed since (a dimension added): the step again, for what is new (its
        // statements are IF NOT EXISTS, so what exists is left as it is).
        g = new ExpandGenerator.GeneratedFile(g.description() + "_" + (earlier.size() + 1), g.content());
      }
      Path file = dir.resolve(g.fileName(next++));
      try {
        Files.writeString(file, g.content());
      } catch (IOException e) {
        throw new CommandException("cannot write " + file + ": " + e.getMessage());
      }
      context.printer().info("Wrote " + file);
      written++;
    }
    context.printer().info(written == 0 ? "The expand migrations in " + dir + " are up to date."
        : "Review them, then run \\migrate --dry-run and \\migrate.");
  }
}
