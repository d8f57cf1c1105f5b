package io.cutover.migration.migrate;

import io.cutover.migration.SessionLimits;
import io.cutover.migration.state.Transactions;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.lock.AdvisoryLock;
import io.cutover.migration.lock.LockRetry;
import io.cutover.shell.spi.Cancellation;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.SqlScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Applies pending migrations in version order, one ordered sequence for schema and data files.
 * A session-level advisory lock keeps two shells from migrating at once; being a session lock
 * on the migrating connection itself, it holds no transaction open, so CREATE INDEX
 * CONCURRENTLY does not wait on it (Flyway's deadlock, flyway#1654).
 */
public final class MigrationRunner {

  /** Advisory lock key for \migrate, spelled "cutsmigr". */
  static final long MIGRATE_LOCK = 0x6375_7473_6d69_6772L;

  private static final String LOCK_HOLDER = """
      SELECT a.pid, a.usename, a.application_name, a.backend_start
      FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND l.objid = ? AND l.database =
            (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
      LIMIT 1
      """;
  /** A setting for the session (is_local = false), as SET would, with a bound value. */
  private static final String SET_SESSION = "SELECT set_config(?, ?, false)";
  private static final String INVALID_INDEX = """
      SELECT NOT i.indisvalid FROM pg_catalog.pg_index i WHERE i.indexrelid = to_regclass(?)
      """;

  /**
   * @param lock lock_timeout and retries for every statement
   * @param statementTimeout for statements of transactional schema migrations (DDL holds its locks until
   *     commit, so a runaway statement must end); zero for none
   * @param lockWait how long to wait for another shell's \migrate before refusing
   */
  public record Settings(LockRetry.Settings lock, Duration statementTimeout, Duration lockWait) {
    public static final Settings DEFAULT = new Settings(LockRetry.Settings.DEFAULT, Duration.ofMinutes(1),
        Duration.ofSeconds(60));
  }

  private final DataSource pool;
  private final Printer printer;
  private final Cancellation cancellation;
  private final Settings settings;
  private final SchemaHistory history;

  /** @param history where the directory's migrations are recorded (its plan's, or the shared one) */
  public MigrationRunner(DataSource pool, Printer printer, Cancellation cancellation, Settings settings,
      SchemaHistory history) {
    this.history = history;
    this.pool = pool;
    this.printer = printer;
    this.cancellation = cancellation;
    this.settings = settings;
  }

  /** Applies what is pending; refuses (changing nothing) on changed or failed migrations and lint findings. */
  public int migrate(MigrationDirectory.Scan scan, boolean outOfOrder) throws Exception {
    try (Connection c = pool.getConnection(); Connection monitor = pool.getConnection()) {
      c.setAutoCommit(true);
      // If this shell dies mid-statement, the server ends the statement (and frees the \migrate lock)
      // within a second instead of running it to the end for nobody (PostgreSQL 14+).
      setSession(c, "client_connection_check_interval", "1000");
      lock(c, monitor);
      try {
        CutoverSchema.ensure(c);
        MigrationState state = MigrationState.of(scan.files(), history.list(c));
        refuseInconsistent(state, outOfOrder);
        List<MigrationFile> pending = state.pending();
        refuseAppliedElsewhere(c, pending);
        refuseFindings(new MigrationLinter(c).lint(pending));
        LockRetry retry = new LockRetry(settings.lock(), monitor, printer::warning, cancellation);
        for (MigrationFile f : pending) {
          cancellation.throwIfCancelled();
          long start = System.nanoTime();
          if (f.mode() == MigrationFile.TxMode.TRANSACTIONAL) {
            applyInTransaction(c, f, retry, start);
          } else {
            applyStatementByStatement(c, f, retry, start);
          }
          printer.info("Applied " + describe(f) + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        return pending.size();
      } finally {
        AdvisoryLock.unlock(c, MIGRATE_LOCK, "\\migrate", printer::warning);
      }
    }
  }

  static String describe(MigrationFile f) {
    return "V" + f.version() + " " + f.description() + " (" + f.kind().label()
        + (f.mode() == MigrationFile.TxMode.NO_TRANSACTION ? ", no transaction" : "") + ")";
  }

  private void lock(Connection c, Connection monitor) throws SQLException, CommandException, InterruptedException {
    long deadline = System.nanoTime() + settings.lockWait().toNanos();
    boolean said = false;
    while (!AdvisoryLock.tryLock(c, MIGRATE_LOCK)) {
      String holder = holder(monitor);
      if (System.nanoTime() > deadline) {
        throw new CommandException("another \\migrate is running on this database" + holder
            + "; waited " + LockRetry.seconds(settings.lockWait()), "run \\migrate again when it has finished");
      }
      if (!said) {
        printer.info("Waiting for another \\migrate to finish" + holder + "...");
        said = true;
      }
      cancellation.throwIfCancelled();
      Thread.sleep(200);
    }
  }

  private static String holder(Connection monitor) {
    try (PreparedStatement ps = monitor.prepareStatement(LOCK_HOLDER)) {
      ps.setLong(1, MIGRATE_LOCK >>> 32);
      ps.setLong(2, MIGRATE_LOCK & 0xFFFF_FFFFL);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return " (pid " + rs.getInt(1) + ", user " + rs.getString(2) + ", connected since " + rs.getString(4) + ")";
        }
      }
    } catch (SQLException e) {
      // Only for the message.
    }
    return "";
  }

  private static void refuseInconsistent(MigrationState state, boolean outOfOrder) throws CommandException {
    for (MigrationState.Entry e : state.entries()) {
      switch (e.status()) {
        case CHANGED -> throw new CommandException("V" + e.version() + " changed since it was applied: applied checksum "
            + e.applied().orElseThrow().checksum() + ", file " + e.file().orElseThrow().checksum() + " ("
            + e.file().orElseThrow().name() + ")", "revert the file, or accept the change deliberately with \\migrate repair");
        case COLLISION -> throw collision(e, state);
        case FAILED -> throw new CommandException("V" + e.version() + " failed when last run: "
            + e.applied().orElseThrow().failure().orElse("see cutover.schema_history"),
            "fix the cause, then \\migrate repair (forgets the failure) and \\migrate (runs the file again)");
        default -> { }
      }
    }
    Optional<MigrationVersion> newest = state.newestApplied();
    if (newest.isPresent() && !outOfOrder) {
      for (MigrationFile f : state.pending()) {
        if (f.version().compareTo(newest.get()) < 0) {
          throw new CommandException(f.name() + " (V" + f.version() + ") is older than the newest applied migration V"
              + newest.get() + ": migrations run in one ordered sequence",
              "renumber it after V" + newest.get() + ", or run \\migrate --out-of-order to apply it anyway");
        }
      }
    }
  }

  /** Repair must not settle this: accepting the checksum would record a file that never ran as applied. */
  static CommandException collision(MigrationState.Entry e, MigrationState state) {
    AppliedMigration a = e.applied().orElseThrow();
    String file = e.file().orElseThrow().name();
    return new CommandException("V" + e.version() + " of the history is " + a.script() + ", not " + file
        + " (a version collision: " + file + " never ran)", "renumber " + file + " to V" + state.nextFreeVersion()
        + "; or, if it is " + a.script() + " renamed, give it back that name");
  }

  private void refuseAppliedElsewhere(Connection c, List<MigrationFile> pending) throws SQLException, CommandException {
    for (MigrationFile f : pending) {
      Optional<String> where = history.appliedElsewhere(c, f);
      if (where.isPresent()) {
        throw new CommandException("refused, nothing applied: " + f.name() + " was applied already under " + where.get()
            + ", and would run twice (one directory reached two ways: a symlink, another checkout, --dir before its"
            + " plan, or a directory inside another plan's)", "apply each directory under one plan only: \\plan list"
            + " shows whose directory is whose; if the file is meant to run again, change it (a comment will do)");
      }
    }
  }

  private static void refuseFindings(List<LintFinding> findings) throws CommandException {
    List<LintFinding> refused = findings.stream().filter(f -> !f.isAllowed()).toList();
    if (!refused.isEmpty()) {
      throw new CommandException("refused, nothing applied: " + refused.size() + " unsafe statement"
          + (refused.size() == 1 ? "" : "s") + "\n" + String.join("\n", refused.stream().map(LintFinding::message).toList()),
          "\\migrate --dry-run shows every pending statement with its findings");
    }
  }

  private void applyInTransaction(Connection c, MigrationFile f, LockRetry retry, long start) throws Exception {
    int[] failedAt = {-1};
    try {
      retry.run(describe(f), c, () -> Transactions.run(c, () -> {
        Transactions.setLocal(c, "lock_timeout", settings.lock().lockTimeoutSetting(),
            "statement_timeout", f.kind() == MigrationFile.Kind.DATA ? "0" : settings.statementTimeout().toMillis() + "ms");
        for (int i = 0; i < f.statements().size(); i++) {
          failedAt[0] = i;
          execute(c, f.statements().get(i).sql());
        }
        failedAt[0] = -1;
        history.record(c, f, (System.nanoTime() - start) / 1_000_000, Optional.empty());
      }));
    } catch (SQLException e) {
      String rolledBack = "; nothing of it was applied (the transaction was rolled back)";
      // SET LOCAL above overrides any role or database statement_timeout, so a timeout here is \migrate's own.
      if (SessionLimits.isTimeout(e, cancellation)) {
        throw new CommandException(f.name() + " failed" + at(f, failedAt[0]) + ": it ran past \\migrate's statement"
            + " timeout of " + LockRetry.seconds(settings.statementTimeout()) + rolledBack,
            "\\migrate --statement-timeout 10min (0 for none), or move long work into a data migration (data/ folder)");
      }
      throw new CommandException(f.name() + " failed" + at(f, failedAt[0]) + ": " + serverMessage(e) + rolledBack,
          "fix the file and run \\migrate again", e);
    }
  }

  private void applyStatementByStatement(Connection c, MigrationFile f, LockRetry retry, long start) throws Exception {
    List<SqlScript.Statement> statements = f.statements();
    try {
      setSession(c, "lock_timeout", settings.lock().lockTimeoutSetting());
      setSession(c, "statement_timeout", "0");
      for (int i = 0; i < statements.size(); i++) {
        String sql = statements.get(i).sql();
        try {
          dropInvalidLeftover(c, sql, retry);
          retry.run(describe(f) + at(f, i), c, () -> execute(c, sql));
        } catch (SQLException e) {
          String failure = "failed" + at(f, i) + ": " + serverMessage(e) + "; statements before it were applied";
          history.record(c, f, (System.nanoTime() - start) / 1_000_000, Optional.of(failure));
          throw new CommandException(f.name() + " " + failure + " and stay (the file runs without a transaction)",
              "fix the cause, then \\migrate repair and \\migrate: the file runs again from its first statement, so"
                  + " keep its statements idempotent (IF NOT EXISTS)", e);
        }
      }
      history.record(c, f, (System.nanoTime() - start) / 1_000_000, Optional.empty());
    } finally {
      setSession(c, "lock_timeout", "0");
      setSession(c, "statement_timeout", "0");
    }
  }

  /**
   * An interrupted CREATE INDEX CONCURRENTLY leaves an INVALID index behind, which IF NOT EXISTS
   * would then keep: drop it first, so a re-run builds it whole.
   */
  private void dropInvalidLeftover(Connection c, String sql, LockRetry retry) throws Exception {
    List<String> t = SqlScript.tokens(sql);
    int index = t.indexOf("INDEX");
    if (index < 0 || !t.contains("CONCURRENTLY") || !t.get(0).equals("CREATE")) {
      return;
    }
    int i = index + 1;
    while (i < t.size() && List.of("CONCURRENTLY", "IF", "NOT", "EXISTS").contains(t.get(i))) {
      i++;
    }
    if (i >= t.size() || t.get(i).equals("ON")) {
      return;
    }
    String name = t.get(i);
    int on = t.indexOf("ON");
    if (on > 0 && on + 3 < t.size() && t.get(on + 2).equals(".")) {
      name = t.get(on + 1) + "." + name;
    }
    boolean invalid;
    try (PreparedStatement ps = c.prepareStatement(INVALID_INDEX)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        invalid = rs.next() && rs.getBoolean(1);
      }
    }
    if (invalid) {
      String indexName = name;
      printer.warning("dropping the invalid index " + indexName + " left by an interrupted CREATE INDEX CONCURRENTLY");
      retry.run("drop invalid index " + indexName, c, () -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
          ps.setString(1, indexName);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              execute(c, "DROP INDEX CONCURRENTLY IF EXISTS " + rs.getString(1));
            }
          }
        }
      });
    }
  }

  private static String at(MigrationFile f, int statement) {
    return statement < 0 ? "" : " at statement " + (statement + 1) + " (line " + f.statements().get(statement).line() + ")";
  }

  static String serverMessage(SQLException e) {
    String m = String.valueOf(e.getMessage());
    return (e.getSQLState() == null ? "" : e.getSQLState() + ": ") + m.replace("\n", " ");
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.setEscapeProcessing(false);
      st.execute(sql);
    }
  }

  private static void setSession(Connection c, String name, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SET_SESSION)) {
      ps.setString(1, name);
      ps.setString(2, value);
      ps.execute();
    }
  }
}
