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
import io.cutover.migration.state.Transactions;
import io.cutover.migration.pacing.Budgets;
import io.cutover.migration.status.Precondition;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
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
  private interface Work {
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
        case "status" -> status(context, c, active, state);
        case "abort" -> exclusively(context, c, () -> abort(context, c, active, state, lock));
        case "drop-old" -> dropOld(context, c, active, state, lock, args.has("--yes"), args.has("--force"));
        default -> exclusively(context, c, () -> run(context, c, active, state, args, lock));
      }
    }
  }

  private static void run(CommandContext context, Connection c, ActivePlan active, Optional<RebuildState> earlier,
      Arguments.Parsed args, LockRetry.Settings lock) throws Exception {
    Optional<Integer> batch = args.option("--batch-size").isPresent()
        ? Optional.of((int) args.number("--batch-size", 1, 1, 1_000_000)) : Optional.empty();
    Rebuild.Settings settings = new Rebuild.Settings(batch,
        args.number("--target-ms", 200, 10, 60_000), args.number("--sleep-ms", 0, 0, 60_000), lock,
        Budgets.parse(args, USAGE));
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
      Optional<String> other = RebuildState.underwayAnywhere(c);
      if (other.isPresent()) {
        throw new CommandException("refused: a rebuild of " + other.get() + " is under way, and one table is rebuilt"
            + " at a time", "finish it (\\rebuild) or give it up (\\rebuild abort) under its plan first: \\plan use "
            + other.get());
      }
      Optional<RebuildState> prepared = prepare(context, c, active, args.has("--yes"), args.has("--dry-run"));
      if (prepared.isEmpty()) {
        return;
      }
      state = prepared.get();
    }
    long start = System.nanoTime();
    boolean finished;
    Rebuild rebuild = new Rebuild(active, context.pool(), context.printer(), context.cancellation(), settings);
    try {
      finished = rebuild.run(c, state);
    } catch (SQLException e) {
      if (Rebuild.SHAPE_CHANGED.equals(e.getSQLState())) {
        throw new CommandException("refused to swap: " + e.getMessage() + "; the copy does not have that change",
            "give this rebuild up with \\rebuild abort, then \\rebuild again");
      }
      if (Rebuild.COPY_DIFFERS.equals(e.getSQLState())) {
        throw new CommandException("refused to swap: " + e.getMessage() + "; the table is unchanged and still logs"
            + " its changes", "give this rebuild up with \\rebuild abort, and report it: a copy must never differ");
      }
      throw e;
    }
    RebuildState now = RebuildState.read(c, active.target()).orElseThrow();
    String pacing = rebuild.pacing().describe();
    if (!pacing.isEmpty()) {
      context.printer().info("Health: " + pacing + ".");
    }
    if (!finished) {
      context.printer().info(String.format(Locale.ROOT, "Rebuild stopped at %,d rows copied; \\rebuild resumes it,"
          + " \\rebuild abort gives it up. Until then every write to %s is also logged.", now.copied(), active.plan().table()));
      return;
    }
    List<String> fks = active.plan().dimensions().stream().map(Dimension::fk).toList();
    context.printer().info(String.format(Locale.ROOT, "Rebuilt %s in %.1f s: %,d rows copied; %s are its columns %d to %d."
        + " The old table is %s: once satisfied, drop it with \\rebuild drop-old.", active.plan().table(),
        (System.nanoTime() - start) / 1e9, now.copied(), String.join(", ", fks), now.columns().indexOf(fks.get(0)) + 1,
        now.columns().indexOf(fks.get(fks.size() - 1)) + 1, now.old()));
  }

  /** Checks, asks, and makes the copy (or, with {@code dryRun}, prints what the rebuild would run): empty when nothing is to do. */
  private static Optional<RebuildState> prepare(CommandContext context, Connection c, ActivePlan active, boolean yes,
      boolean dryRun) throws Exception {
    String table = active.plan().table();
    Precondition.EXPANDED.require(c, active);
    // The copy would carry FK columns not known to be complete.
    Precondition.FKS_VALID.require(c, active);
    List<String> blockers = blockers(c, active.table().oid());
    if (!blockers.isEmpty()) {
      throw new CommandException("refused: " + table + " has " + String.join("; ", blockers)
          + ". A rebuild swaps tables by renaming them, which these would not follow",
          "drop them for the rebuild and create them again after it, or leave the table as it is");
    }
    ColumnLayout now = ColumnLayout.current(c, active.table().oid());
    ColumnLayout next = now.withForeignKeysAheadOfTheStrings(active);
    if (now.names().equals(next.names())) {
      context.printer().info("The FK columns of " + table + " already precede its strings: nothing to rebuild.");
      return Optional.empty();
    }
    String copy = "cutover_rebuild_" + active.table().oid();
    String old = withSuffix(table, "_before_rebuild");
    for (String name : List.of(copy, old)) {
      if (CutoverSchema.relationExists(c, Quoting.qualified(active.plan().schema(), name))) {
        throw new CommandException("refused: a table named " + name + " exists already",
            "drop it (\\rebuild drop-old, for the old table of an earlier rebuild) or rename it");
      }
    }
    long rows;
    String size;
    try (PreparedStatement ps = c.prepareStatement(RebuildSql.SIZE)) {
      ps.setLong(1, active.table().oid());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        rows = rs.getLong(1);
        size = rs.getString(2);
      }
    }
    List<String> fks = active.plan().dimensions().stream().map(Dimension::fk).toList();
    context.printer().info(String.format(Locale.ROOT, "Rebuild %s (~%,d rows, %s with its indexes; the copy needs as"
        + " much free disk) with %s as its columns %d to %d (%d to %d now). Reads and writes go on while it copies;"
        + " at the swap, writes wait at most the lock timeout. Queries that name no columns (SELECT *, INSERT without a"
        + " column list) will see the new order.", table, rows, size, String.join(", ", fks), next.position(fks.get(0)),
        next.position(fks.get(fks.size() - 1)), now.position(fks.get(0)), now.position(fks.get(fks.size() - 1))));
    RebuildSql sql = new RebuildSql(active, copy, next.names());
    List<IndexCopy> indexes = IndexCopy.of(c, active, sql);
    List<String> settings = Rebuild.statements(c, RebuildSql.COLUMN_SETTINGS, sql.qualifiedCopy(), active.table().oid(), 1);
    List<String> checks = Rebuild.statements(c, RebuildSql.CHECKS, sql.qualifiedCopy(), active.table().oid(), 1, "true");
    if (dryRun) {
      dryRun(context, c, active, sql, next, settings, checks, indexes, old);
      return Optional.empty();
    }
    if (!yes) {
      context.confirm("Rebuild " + table + "?", table);
    }
    RebuildState state = new RebuildState(active.target(), RebuildPhase.PREPARED, copy, old,
        Rebuild.shape(c, active.table().oid()), next.names(), null, null, 0, rows, validForeignKeys(c, active.table().oid()));
    // A new table, the change log and a function: no lock on the table yet (the triggers come next, under lock_timeout).
    Transactions.run(c, () -> {
      try (Statement st = c.createStatement()) {
        st.execute(next.createTable(sql.qualifiedCopy()));
        for (String statement : settings) {
          st.execute(statement);
        }
        for (String check : checks) {
          st.execute(check);
        }
        st.execute(sql.createChangeLog());
        st.execute(sql.createFunction());
        st.execute(sql.revokeExecute());
      }
      state.save(c);
    });
    return Optional.of(state);
  }

  /** The statements of each phase, as they would run; nothing is changed. */
  private static void dryRun(CommandContext context, Connection c, ActivePlan active, RebuildSql sql, ColumnLayout next,
      List<String> settings, List<String> checks, List<IndexCopy> indexes, String old) throws SQLException {
    List<String> before = new ArrayList<>(List.of(next.createTable(sql.qualifiedCopy())));
    before.addAll(settings);
    before.addAll(checks);
    before.addAll(List.of(sql.createChangeLog(), sql.createFunction(), sql.revokeExecute()));
    List<String> build = new ArrayList<>();
    for (IndexCopy index : indexes) {
      build.add(index.create());
      build.addAll(index.attach(sql.qualifiedCopy()));
    }
    String[][] phases = {
        {"The copy, its change log and the logging function (no lock on the table):"}, before.toArray(String[]::new),
        {"The triggers that log every change (an instant's SHARE ROW EXCLUSIVE, under lock_timeout):"},
        sql.createTriggers().toArray(String[]::new),
        {"The copy, batch after batch (the parameters: the last key copied, twice; the highest key at the start; rows):"},
        {sql.copyBatch()},
        {"The indexes on the copy, then the logged changes replayed (DELETE and INSERT of their keys):"},
        build.toArray(String[]::new),
        {"The foreign keys on the copy (an instant's SHARE ROW EXCLUSIVE on each referenced table, under lock_timeout),"
            + " then the copy compared with the table row by row in one snapshot:"},
        Rebuild.statements(c, RebuildSql.FOREIGN_KEYS, sql.qualifiedCopy(), active.table().oid(), 1, sql.qualifiedCopy())
            .toArray(String[]::new),
        {"The swap, one transaction after " + sql.lockTable(List.of()) + " (after the views that read it) and the last"
            + " changes replayed; then the sequences it owns are given to the new table:"},
        Rebuild.swapStatements(c, active, sql, old, indexes).toArray(String[]::new)};
    for (int i = 0; i < phases.length; i += 2) {
      context.printer().line("-- " + phases[i][0]);
      for (String statement : phases[i + 1]) {
        context.printer().sql(statement + ";");
      }
    }
    context.printer().info("Nothing was changed (--dry-run). Then the FKs that are valid now are validated again.");
  }

  private static void status(CommandContext context, Connection c, ActivePlan active, Optional<RebuildState> state)
      throws SQLException {
    if (state.isEmpty()) {
      context.printer().line("No rebuild of " + active.plan().table() + " yet.");
      return;
    }
    RebuildState s = state.get();
    // Before copying the change log exists, but nothing writes to it yet.
    boolean logging = s.isUnderway() && s.phase() != RebuildPhase.PREPARED;
    String pending = logging ? String.format(Locale.ROOT, "; %,d logged changes to replay",
        Long.parseLong(Rebuild.value(c, RebuildSql.PENDING))) : "";
    context.printer().line(String.format(Locale.ROOT, "Rebuild of %s: %s, %,d of ~%,d rows copied%s.", active.plan().table(),
        s.phase(), s.copied(), s.estimate(), pending));
    Rebuild.log(active.target()).read(c).ifPresent(t -> context.printer().line("Now " + t.reason() + " (since "
        + t.since() + ")."));
  }

  private static void abort(CommandContext context, Connection c, ActivePlan active, Optional<RebuildState> state,
      LockRetry.Settings lock) throws Exception {
    if (state.isEmpty() || !state.get().isUnderway()) {
      String why = state.map(s -> s.hasSwapped()
          ? "the swap is done; the old table is " + s.old() : "the last rebuild ended " + s.phase()).orElse("none has begun");
      context.printer().info("No rebuild to abort: " + why + ".");
      return;
    }
    RebuildState s = state.get();
    RebuildSql sql = new RebuildSql(active, s.copy(), s.columns());
    try (Connection monitor = context.pool().getConnection()) {
      new LockRetry(lock, monitor, context.printer()::warning, context.cancellation()).run("stop logging the changes of "
          + active.plan().table(), c, () -> LockedTransaction.run(c, lock.lockTimeoutSetting(),
              sql.dropTriggers(active.qualifiedTable()).toArray(String[]::new)));
    }
    Transactions.run(c, () -> {
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + sql.qualifiedCopy());
        st.execute("DROP TABLE IF EXISTS " + RebuildSql.CHANGE_LOG);
        st.execute(sql.dropFunction());
      }
      s.inPhase(RebuildPhase.ABORTED).save(c);
    });
    context.printer().info("Rebuild of " + active.plan().table() + " given up: the copy, its change log and trigger are gone.");
  }

  private static void dropOld(CommandContext context, Connection c, ActivePlan active, Optional<RebuildState> state,
      LockRetry.Settings lock, boolean yes, boolean force) throws Exception {
    Optional<String> old = state.filter(RebuildState::hasSwapped).map(RebuildState::old);
    String qualified = old.map(o -> Quoting.qualified(active.plan().schema(), o)).orElse(null);
    if (qualified == null || !CutoverSchema.relationExists(c, qualified)) {
      context.printer().info("No old table to drop" + old.map(o -> ": " + o + " is gone already").orElse("") + ".");
      return;
    }
    if (!force) {
      RebuildSql sql = new RebuildSql(active, state.get().copy(), state.get().columns());
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.missingFromTable(qualified))) {
        rs.next();
        if (rs.getLong(1) > 0) {
          throw new CommandException(String.format(Locale.ROOT, "refused: %,d rows of %s are not in %s (keys %s%s):"
              + " deleted by the application since the swap, or lost", rs.getLong(1), old.get(), active.plan().table(),
              rs.getString(2), rs.getLong(1) > 5 ? ", ..." : ""), "look at them in " + old.get()
              + "; if the application deleted them, drop it with \\rebuild drop-old --force");
        }
      }
    }
    if (!yes) {
      context.confirm("Drop " + old.get() + ", the table as it was before the rebuild?", old.get());
    }
    try (Connection monitor = context.pool().getConnection()) {
      // Its FKs' triggers sit on the referenced tables too: each try waits at most the lock timeout for those.
      // What it still owns (a swap killed before the sequences moved) goes to the table first, not with it.
      new LockRetry(lock, monitor, context.printer()::warning, context.cancellation()).run("drop " + old.get(), c,
          () -> {
            List<String> statements = new ArrayList<>(List.of(Rebuild.sequenceMoves(c, active, qualified)));
            statements.add("DROP TABLE " + qualified);
            LockedTransaction.run(c, lock.lockTimeoutSetting(), statements.toArray(String[]::new));
          });
    }
    context.printer().info("Dropped " + old.get() + ".");
  }

  /** Runs {@code work} holding the rebuild's advisory lock: one rebuild (or abort) per database at a time. */
  private static void exclusively(CommandContext context, Connection c, Work work) throws Exception {
    if (!AdvisoryLock.tryLock(c, Rebuild.LOCK)) {
      throw new CommandException("a rebuild of this database is running already (in another shell)",
          "follow it with \\rebuild status");
    }
    try {
      work.run();
    } finally {
      AdvisoryLock.unlock(c, Rebuild.LOCK, "rebuild", context.printer()::warning);
    }
  }

  private static List<String> blockers(Connection c, long oid) throws SQLException {
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
