package io.cutover.migration.rebuild;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.lock.AdvisoryLock;
import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.lock.LockedTransaction;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.Dimension;
import io.cutover.migration.plan.Names;
import io.cutover.migration.plan.PlanStore;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.plan.TableShape;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.Transactions;
import io.cutover.migration.pacing.Budgets;
import io.cutover.migration.status.Precondition;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code \rebuild}: rewrites the table online with the FK columns moved up ahead of the strings
 * they replace ({@link ColumnLayout}), so that reading an FK costs what reading its string did;
 * {@code \rebuild status|abort|drop-old}. A step after {@code \validate_fks}, before or after
 * {@code \drop_raw} (after it, the copy also leaves the raw column's space behind).
 */
public final class RebuildCommand extends MigrationCommand {

  private static final String USAGE = "\\rebuild [--dry-run] [--batch-size N] [--target-ms N] [--sleep-ms N]"
      + " [--lock-timeout 2s] [--lock-retries N] [--yes] " + Budgets.USAGE
      + " | \\rebuild status|abort | \\rebuild drop-old [--force]";
  private static final String FOREIGN_KEYS_VALID = """
      SELECT coalesce(array_agg(conname::text ORDER BY conname), '{}') FROM pg_catalog.pg_constraint
      WHERE conrelid = ? AND contype = 'f' AND convalidated
      """;

  /** What runs under the rebuild's advisory lock. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  public RebuildCommand() {
    super("rebuild", USAGE, "rewrite the table online with its FK columns ahead of the strings (status, abort, drop-old)");
  }

  @Override
  public List<String> complete(List<String> previous) {
    return previous.isEmpty() ? List.of("status", "abort", "drop-old", "--dry-run", "--batch-size", "--yes")
        : List.of("--dry-run", "--batch-size", "--target-ms", "--sleep-ms", "--lock-timeout", "--lock-retries", "--yes");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    Set<String> valued = new java.util.HashSet<>(Budgets.OPTIONS);
    valued.addAll(Set.of("--batch-size", "--target-ms", "--sleep-ms", "--lock-timeout", "--lock-retries"));
    Arguments.Parsed args = arguments.parse(valued, Set.of("--yes", "--dry-run", "--force"), USAGE).atMost(1);
    String action = args.positional(0).orElse("run");
    if (!List.of("run", "status", "abort", "drop-old").contains(action)) {
      throw new CommandException("unknown action \"" + action + "\"", "usage: " + USAGE);
    }
    LockRetry.Settings lock = LockRetry.Settings.of(args, USAGE);
    PlanTable target = PlanStore.selected(context).plan().target();
    if (action.equals("abort") && TableShape.read(context.connection(), target.schema(), target.name()).isEmpty()) {
      try (Connection c = context.pool().getConnection()) {
        exclusively(context, c, () -> context.printer().info(OrphanedRebuild.giveUp(c, target, lock.lockTimeoutSetting())
            .map(copy -> "The rebuild of " + target + ", whose table is gone, is given up: its copy " + copy + ", change"
                + " log and triggers are gone.")
            .orElse("No rebuild to abort: none of " + target + " is under way.")));
      }
      return;
    }
    ActivePlan active = ActivePlan.load(context);
    try (Connection c = context.pool().getConnection()) {
      Optional<RebuildState> state = RebuildState.read(c, active.target());
      switch (action) {
        case "status" -> status(context, c, active.target(), "rebuild", state);
        case "abort" -> exclusively(context, c, () -> abort(context, c, RebuildTarget.of(active), "rebuild", state, lock));
        case "drop-old" -> dropOld(context, c, RebuildTarget.of(active), state, lock, args.has("--yes"), args.has("--force"),
            "\\rebuild drop-old");
        default -> exclusively(context, c, () -> run(context, c, active, state, args, lock));
      }
    }
  }

  /** The copy's pace and the swap's lock settings, from the options both commands take. */
  static Rebuild.Settings settings(Arguments.Parsed args, LockRetry.Settings lock, String usage) throws CommandException {
    Optional<Integer> batch = args.option("--batch-size").isPresent()
        ? Optional.of((int) args.number("--batch-size", 1, 1, 1_000_000)) : Optional.empty();
    return new Rebuild.Settings(batch, args.number("--target-ms", 200, 10, 60_000), args.number("--sleep-ms", 0, 0, 60_000),
        lock, Budgets.parse(args, usage));
  }

  /** The commands a run's messages name: the one that resumes it, and the one that gives it up. */
  record Commands(String resume, String abort) {
  }

  private static final Commands REBUILD = new Commands("\\rebuild", "\\rebuild abort");

  private static void run(CommandContext context, Connection c, ActivePlan active, Optional<RebuildState> earlier,
      Arguments.Parsed args, LockRetry.Settings lock) throws Exception {
    Rebuild.Settings settings = settings(args, lock, USAGE);
    RebuildState state;
    if (earlier.isPresent() && earlier.get().isUnfinished()) {
      if (args.has("--dry-run")) {
        context.printer().info("A rebuild of " + active.plan().table() + " is underway (" + earlier.get().phase()
            + "): \\rebuild resumes it, \\rebuild status shows it. Nothing was changed (--dry-run).");
        return;
      }
      state = earlier.get();
      context.printer().info(String.format(Locale.ROOT, "Resuming the rebuild of %s (%s): %,d of ~%,d rows copied.",
          active.plan().table(), state.phase(), state.copied(), state.estimate()));
    } else {
      refuseWhileAnotherIsUnderway(c);
      Optional<RebuildState> prepared = prepare(context, c, active, args.has("--yes"), args.has("--dry-run"));
      if (prepared.isEmpty()) {
        return;
      }
      state = prepared.get();
    }
    long start = System.nanoTime();
    if (!runEngine(context, c, state.target(active.keyed()), state, settings, REBUILD)) {
      return;
    }
    RebuildState now = RebuildState.read(c, active.target()).orElseThrow();
    List<String> fks = active.plan().dimensions().stream().map(Dimension::fk).toList();
    context.printer().info(String.format(Locale.ROOT, "Rebuilt %s in %.1f s: %,d rows copied; %s are its columns %d to %d."
        + " The old table is %s: once satisfied, drop it with \\rebuild drop-old.", active.plan().table(),
        (System.nanoTime() - start) / 1e9, now.copied(), String.join(", ", fks), now.columns().indexOf(fks.get(0)) + 1,
        now.columns().indexOf(fks.get(fks.size() - 1)) + 1, now.old()));
  }

  /** One copy and its change log per database: refused while another table's rebuild or conversion is under way. */
  static void refuseWhileAnotherIsUnderway(Connection c) throws SQLException, CommandException {
    Optional<RebuildState.Underway> other = RebuildState.underwayAnywhere(c);
    if (other.isPresent() && other.get().step() == RunbookStep.PARTITION) {
      throw new CommandException("refused: a conversion to partitions of " + other.get().table() + " is under way, and"
          + " one table is copied at a time", "finish it (\\partition status " + other.get().table() + " says how) or give"
          + " it up (\\partition abort " + other.get().table() + ") first");
    }
    if (other.isPresent()) {
      throw new CommandException("refused: a rebuild of " + other.get().table() + " is under way, and one table is"
          + " rebuilt at a time", "finish it (\\rebuild) or give it up (\\rebuild abort) under its plan first: \\plan use "
          + other.get().table());
    }
  }

  /**
   * Runs the engine from {@code state}; a refused swap is an error naming {@code commands}. False
   * when it stopped before its end (cancelled: it resumes), after saying so.
   */
  static boolean runEngine(CommandContext context, Connection c, RebuildTarget target, RebuildState state,
      Rebuild.Settings settings, Commands commands) throws Exception {
    boolean finished;
    Rebuild rebuild = new Rebuild(target, context.pool(), context.printer(), context.cancellation(), settings);
    try {
      finished = rebuild.run(c, state);
    } catch (SQLException e) {
      if (Rebuild.SHAPE_CHANGED.equals(e.getSQLState())) {
        throw new CommandException("refused to swap: " + e.getMessage() + "; the copy does not have that change",
            "give this run up with " + commands.abort() + ", then " + commands.resume() + " again");
      }
      if (Rebuild.COPY_DIFFERS.equals(e.getSQLState())) {
        throw new CommandException("refused to swap: " + e.getMessage() + "; the table is unchanged and still logs"
            + " its changes", "give this run up with " + commands.abort() + ", and report it: a copy must never differ");
      }
      throw e;
    }
    String pacing = rebuild.pacing().describe();
    if (!pacing.isEmpty()) {
      context.printer().info("Health: " + pacing + ".");
    }
    if (!finished) {
      RebuildState now = RebuildState.read(c, target.table(), target.step()).orElseThrow();
      context.printer().info(String.format(Locale.ROOT, "Stopped at %,d rows copied; %s resumes it, %s gives it up."
          + " Until then every write to %s is also logged.", now.copied(), commands.resume(), commands.abort(), target.name()));
    }
    return finished;
  }

  /** Checks, asks, and makes the copy (or, with {@code dryRun}, prints what the rebuild would run): empty when nothing is to do. */
  private static Optional<RebuildState> prepare(CommandContext context, Connection c, ActivePlan active, boolean yes,
      boolean dryRun) throws Exception {
    String table = active.plan().table();
    Precondition.EXPANDED.require(c, active);
    // The copy would carry FK columns not known to be complete.
    Precondition.FKS_VALID.require(c, active);
    RebuildTarget target = RebuildTarget.of(active);
    refuseBlockers(c, target, "A rebuild swaps tables by renaming them, which these would not follow");
    ColumnLayout now = ColumnLayout.current(c, active.table().oid());
    ColumnLayout next = now.withForeignKeysAheadOfTheStrings(active);
    if (now.names().equals(next.names())) {
      context.printer().info("The FK columns of " + table + " already precede its strings: nothing to rebuild.");
      return Optional.empty();
    }
    String copy = "cutover_rebuild_" + active.table().oid();
    String old = withSuffix(table, "_before_rebuild");
    refuseTaken(c, target, List.of(copy, old));
    Size size = size(c, target);
    List<String> fks = active.plan().dimensions().stream().map(Dimension::fk).toList();
    context.printer().info(String.format(Locale.ROOT, "Rebuild %s (~%,d rows, %s with its indexes; the copy needs as"
        + " much free disk) with %s as its columns %d to %d (%d to %d now). Reads and writes go on while it copies;"
        + " at the swap, writes wait at most the lock timeout. Queries that name no columns (SELECT *, INSERT without a"
        + " column list) will see the new order.", table, size.rows(), size.pretty(), String.join(", ", fks),
        next.position(fks.get(0)), next.position(fks.get(fks.size() - 1)), now.position(fks.get(0)),
        now.position(fks.get(fks.size() - 1))));
    RebuildSql sql = new RebuildSql(target, copy, next.names());
    List<String> makeCopy = new ArrayList<>(List.of(next.createTable(sql.qualifiedCopy())));
    makeCopy.addAll(copySettings(c, target, sql));
    if (dryRun) {
      dryRun(context, c, target, sql, makeCopy, old);
      context.printer().info("Nothing was changed (--dry-run). Then the FKs that are valid now are validated again.");
      return Optional.empty();
    }
    if (!yes) {
      context.confirm("Rebuild " + table + "?", table);
    }
    RebuildState state = new RebuildState(active.target(), RunbookStep.REBUILD, RebuildPhase.PREPARED, copy, old,
        Rebuild.shape(c, active.table().oid()), next.names(), null, null, 0, size.rows(),
        validForeignKeys(c, active.table().oid()), null);
    makeCopy(c, state, sql, makeCopy);
    return Optional.of(state);
  }

  /** Refuses what a swap by renames would not carry over ({@link RebuildSql#BLOCKERS}), naming each; {@code why} says why. */
  static void refuseBlockers(Connection c, RebuildTarget target, String why) throws SQLException, CommandException {
    List<String> blockers = blockers(c, target.oid());
    if (!blockers.isEmpty()) {
      throw new CommandException("refused: " + target.name() + " has " + String.join("; ", blockers) + ". " + why,
          "drop them for the run and create them again after it, or leave the table as it is");
    }
  }

  /** Refuses to start when a table of one of {@code names} exists in the table's schema. */
  static void refuseTaken(Connection c, RebuildTarget target, List<String> names) throws SQLException, CommandException {
    for (String name : names) {
      if (CutoverSchema.relationExists(c, target.inSchema(name))) {
        throw new CommandException("refused: a table named " + name + " exists already",
            "drop it (\\rebuild drop-old or \\partition drop-old, for the old table of an earlier run) or rename it");
      }
    }
  }

  /** The table's estimated rows and its size with its indexes, for the confirmation and the progress bar. */
  record Size(long rows, String pretty) {
  }

  static Size size(Connection c, RebuildTarget target) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RebuildSql.SIZE)) {
      ps.setLong(1, target.oid());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Size(rs.getLong(1), rs.getString(2));
      }
    }
  }

  /** What the copy takes before its first row: per-column settings, then the validated CHECK constraints. */
  static List<String> copySettings(Connection c, RebuildTarget target, RebuildSql sql) throws SQLException {
    List<String> out = new ArrayList<>(Rebuild.statements(c, RebuildSql.COLUMN_SETTINGS, sql.qualifiedCopy(), target.oid(), 1));
    out.addAll(Rebuild.statements(c, RebuildSql.CHECKS, sql.qualifiedCopy(), target.oid(), 1, "true"));
    return out;
  }

  /**
   * Makes the copy ({@code makeCopy}), the change log and its function, and saves {@code state}, in
   * one transaction: new objects, no lock on the table yet (the triggers come next, under lock_timeout).
   */
  static void makeCopy(Connection c, RebuildState state, RebuildSql sql, List<String> makeCopy) throws SQLException {
    Transactions.run(c, () -> {
      try (Statement st = c.createStatement()) {
        for (String statement : makeCopy) {
          st.execute(statement);
        }
        st.execute(sql.createChangeLog());
        st.execute(sql.createFunction());
        st.execute(sql.revokeExecute());
      }
      state.save(c);
    });
  }

  /** The statements of each phase, as they would run ({@code makeCopy} first); nothing is changed. */
  static void dryRun(CommandContext context, Connection c, RebuildTarget target, RebuildSql sql, List<String> makeCopy,
      String old) throws SQLException, CommandException {
    List<String> before = new ArrayList<>(makeCopy);
    before.addAll(List.of(sql.createChangeLog(), sql.createFunction(), sql.revokeExecute()));
    List<IndexCopy> indexes = IndexCopy.of(c, target, sql);
    List<String> build = new ArrayList<>();
    for (IndexCopy index : indexes) {
      build.addAll(index.build(sql.qualifiedCopy(), target.partitionColumn()));
    }
    String fkLocks = target.partitionColumn().isEmpty()
        ? "an instant's SHARE ROW EXCLUSIVE on each referenced table, under lock_timeout"
        : "NOT VALID on each partition, validated there (a scan holding ROW SHARE on the referenced table), then on the"
            + " copy without a scan; each an instant's SHARE ROW EXCLUSIVE on the referenced table, under lock_timeout."
            + " The copy is empty in a dry run: it lists no partition here";
    String[][] phases = {
        {"The copy, its change log and the logging function (no lock on the table):"}, before.toArray(String[]::new),
        {"The triggers that log every change (an instant's SHARE ROW EXCLUSIVE, under lock_timeout):"},
        sql.createTriggers().toArray(String[]::new),
        {"The copy, batch after batch (the parameters: the last key copied, twice; the highest key at the start; rows):"},
        {sql.copyBatch()},
        {"The indexes on the copy, then the logged changes replayed (DELETE and INSERT of their keys):"},
        build.toArray(String[]::new),
        {"The foreign keys on the copy (" + fkLocks + "), then the copy compared with the table row by row in one snapshot:"},
        Rebuild.foreignKeys(c, target, sql).toArray(String[]::new),
        {"The swap, one transaction after " + sql.lockTable(List.of()) + " (after the views that read it) and the last"
            + " changes replayed; then the sequences it owns are given to the new table:"},
        Rebuild.swapStatements(c, target, sql, old, indexes).toArray(String[]::new)};
    for (int i = 0; i < phases.length; i += 2) {
      context.printer().line("-- " + phases[i][0]);
      for (String statement : phases[i + 1]) {
        context.printer().sql(statement + ";");
      }
    }
  }

  /** {@code what}'s state ({@code "rebuild"} or {@code "conversion to partitions"}), its pending changes and its pacing. */
  static void status(CommandContext context, Connection c, PlanTable table, String what, Optional<RebuildState> state)
      throws SQLException {
    if (state.isEmpty()) {
      context.printer().line("No " + what + " of " + table.name() + " yet.");
      return;
    }
    RebuildState s = state.get();
    // Before copying the change log exists, but nothing writes to it yet.
    boolean logging = s.isUnderway() && s.phase() != RebuildPhase.PREPARED;
    String pending = logging ? String.format(Locale.ROOT, "; %,d logged changes to replay",
        Long.parseLong(Rebuild.value(c, RebuildSql.PENDING))) : "";
    String head = what.substring(0, 1).toUpperCase(Locale.ROOT) + what.substring(1);
    context.printer().line(String.format(Locale.ROOT, "%s of %s: %s, %,d of ~%,d rows copied%s.", head, table.name(),
        s.phase(), s.copied(), s.estimate(), pending));
    Rebuild.log(table, s.step()).read(c).ifPresent(t -> context.printer().line("Now " + t.reason() + " (since "
        + t.since() + ")."));
  }

  /** Gives up {@code what} if under way: its triggers off the table (under the lock timeout, retried), its copy and change log dropped. */
  static void abort(CommandContext context, Connection c, RebuildTarget target, String what, Optional<RebuildState> state,
      LockRetry.Settings lock) throws Exception {
    if (state.isEmpty() || !state.get().isUnderway()) {
      String why = state.map(s -> s.hasSwapped()
          ? "the swap is done; the old table is " + s.old() : "the last one ended " + s.phase()).orElse("none has begun");
      context.printer().info("No " + what + " to abort: " + why + ".");
      return;
    }
    RebuildState s = state.get();
    RebuildSql sql = new RebuildSql(target, s.copy(), s.columns());
    try (Connection monitor = context.pool().getConnection()) {
      new LockRetry(lock, monitor, context.printer()::warning, context.cancellation()).run("stop logging the changes of "
          + target.name(), c, () -> LockedTransaction.run(c, lock.lockTimeoutSetting(),
              sql.dropTriggers(target.qualified()).toArray(String[]::new)));
    }
    Transactions.run(c, () -> {
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + sql.qualifiedCopy());
        st.execute("DROP TABLE IF EXISTS " + RebuildSql.CHANGE_LOG);
        st.execute(sql.dropFunction());
      }
      s.inPhase(RebuildPhase.ABORTED).save(c);
    });
    String head = what.substring(0, 1).toUpperCase(Locale.ROOT) + what.substring(1);
    context.printer().info(head + " of " + target.name() + " given up: the copy, its change log and trigger are gone.");
  }

  /**
   * Drops the old table a swap left, unless it holds keys the table lacks (without {@code force});
   * {@code command} is the one that runs this, for the refusal's fix.
   */
  static void dropOld(CommandContext context, Connection c, RebuildTarget target, Optional<RebuildState> state,
      LockRetry.Settings lock, boolean yes, boolean force, String command) throws Exception {
    Optional<String> old = state.filter(RebuildState::hasSwapped).map(RebuildState::old);
    String qualified = old.map(target::inSchema).orElse(null);
    if (qualified == null || !CutoverSchema.relationExists(c, qualified)) {
      context.printer().info("No old table to drop" + old.map(o -> ": " + o + " is gone already").orElse("") + ".");
      return;
    }
    if (!force) {
      RebuildSql sql = new RebuildSql(target, state.get().copy(), state.get().columns());
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.missingFromTable(qualified))) {
        rs.next();
        if (rs.getLong(1) > 0) {
          throw new CommandException(String.format(Locale.ROOT, "refused: %,d rows of %s are not in %s (keys %s%s):"
              + " deleted by the application since the swap, or lost", rs.getLong(1), old.get(), target.name(),
              rs.getString(2), rs.getLong(1) > 5 ? ", ..." : ""), "look at them in " + old.get()
              + "; if the application deleted them, drop it with " + command + " --force");
        }
      }
    }
    if (!yes) {
      context.confirm("Drop " + old.get() + ", the table as it was before?", old.get());
    }
    try (Connection monitor = context.pool().getConnection()) {
      // Its FKs' triggers sit on the referenced tables too: each try waits at most the lock timeout for those.
      // What it still owns (a swap killed before the sequences moved) goes to the table first, not with it.
      new LockRetry(lock, monitor, context.printer()::warning, context.cancellation()).run("drop " + old.get(), c,
          () -> {
            List<String> statements = new ArrayList<>(List.of(Rebuild.sequenceMoves(c, target, qualified)));
            statements.add("DROP TABLE " + qualified);
            LockedTransaction.run(c, lock.lockTimeoutSetting(), statements.toArray(String[]::new));
          });
    }
    context.printer().info("Dropped " + old.get() + ".");
  }

  /** Runs {@code work} holding the rebuild's advisory lock: one rebuild or conversion (or abort) per database at a time. */
  public static void exclusively(CommandContext context, Connection c, Work work) throws Exception {
    if (!AdvisoryLock.tryLock(c, Rebuild.LOCK)) {
      throw new CommandException("a rebuild or conversion to partitions of this database is running already (in another"
          + " shell)", "follow it with \\rebuild status or \\partition status");
    }
    try {
      work.run();
    } finally {
      AdvisoryLock.unlock(c, Rebuild.LOCK, "rebuild", context.printer()::warning);
    }
  }

  static List<String> blockers(Connection c, long oid) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(RebuildSql.BLOCKERS)) {
      for (int i = 1; i <= 12; i++) {
        ps.setLong(i, oid);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + " " + rs.getString(2));
        }
      }
    }
    return out;
  }

  private static List<String> validForeignKeys(Connection c, long oid) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FOREIGN_KEYS_VALID)) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return List.of((String[]) rs.getArray(1).getArray());
      }
    }
  }

  /** {@code name} with {@code suffix}, cut (at a character) to PostgreSQL's 63 bytes. */
  static String withSuffix(String name, String suffix) {
    String base = name;
    while ((base + suffix).getBytes(StandardCharsets.UTF_8).length > Names.MAX_LENGTH) {
      base = base.substring(0, base.offsetByCodePoints(base.length(), -1));
    }
    return base + suffix;
  }
}
