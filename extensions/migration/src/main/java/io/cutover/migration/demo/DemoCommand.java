package io.cutover.migration.demo;

import io.cutover.migration.pacing.Budgets;
import io.cutover.migration.status.StatusCommand;
import io.cutover.migration.MigrationCommand;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.SqlScript;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code \demo setup} (what {@code --demo} runs: the heartbeats schema and 100,000 rows, once) and
 * {@code \demo load ROWS [--seed N]} (replace the data with ROWS generated heartbeats).
 */
public final class DemoCommand extends MigrationCommand {

  private static final String USAGE = "\\demo setup | \\demo load ROWS [--seed N] [--workers N] "
      + Budgets.USAGE;
  private static final long SETUP_ROWS = 100_000;

  public DemoCommand() {
    super("demo", USAGE, "create the heartbeats example and load generated data");
  }

  @Override
  public List<String> complete(List<String> previous) {
    return previous.isEmpty() ? List.of("setup", "load") : List.of("--seed", "--workers");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    Set<String> valued = new java.util.HashSet<>(Budgets.OPTIONS);
    valued.addAll(Set.of("--seed", "--workers"));
    Arguments.Parsed args = arguments.parse(valued, Set.of(), USAGE).atMost(2);
    Budgets budgets = Budgets.parse(args, USAGE);
    String verb = args.positional(0).orElseThrow(() -> new CommandException("missing action", "usage: " + USAGE));
    long seed = args.number("--seed", 42, 0, Integer.MAX_VALUE);
    int workers = (int) args.number("--workers", Math.max(2, Runtime.getRuntime().availableProcessors()), 1, 16);
    switch (verb) {
      case "setup" -> setup(context, seed, workers, budgets);
      case "load" -> {
        String text = args.positional(1).orElseThrow(() -> new CommandException("missing ROWS", "usage: " + USAGE));
        long rows;
        try {
          rows = Long.parseLong(text.replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
          throw new CommandException("ROWS must be a whole number, not \"" + text + "\"", "usage: " + USAGE);
        }
        DemoLoader.checkRows(rows);
        createSchema(context);
        load(context, rows, seed, workers, budgets);
      }
      default -> throw new CommandException("unknown \\demo action \"" + verb + "\"", "usage: " + USAGE);
    }
  }

  private static void setup(CommandContext context, long seed, int workers, Budgets budgets) throws Exception {
    createSchema(context);
    long rows;
    try (Statement st = context.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT 1 FROM heartbeats LIMIT 1) t")) {
      rs.next();
      rows = rs.getLong(1);
    }
    if (rows > 0) {
      context.printer().info("The heartbeats example is loaded (\\demo load ROWS replaces its data).");
    } else {
      load(context, SETUP_ROWS, seed, workers, budgets);
    }
    String home = context.environment().getOrDefault("CUTOVER_HOME", ".");
    context.printer().info(StatusCommand.next(context.connection()).orElse("Next: \\plan " + home
        + "/examples/heartbeats/plan.json, then \\migrate generate and \\migrate."));
  }

  private static void createSchema(CommandContext context) throws Exception {
    for (SqlScript.Statement s : SqlScript.split(ExampleScripts.read(ExampleScripts.SCHEMA))) {
      try (Statement st = context.connection().createStatement()) {
        st.execute(s.sql());
      }
    }
  }

  private static void load(CommandContext context, long rows, long seed, int workers, Budgets budgets) throws Exception {
    long start = System.nanoTime();
    String pacing = new DemoLoader(context.pool(), context.printer(), context.cancellation(), workers, budgets)
        .load(rows, seed).describe();
    context.printer().info(String.format(Locale.ROOT, "Loaded %,d heartbeats (seed %d) in %.1f s.%s", rows, seed,
        (System.nanoTime() - start) / 1e9, pacing.isEmpty() ? "" : " Health: " + pacing + "."));
  }

}
