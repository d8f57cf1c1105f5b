package io.cutover.migration.rebuild;

import io.cutover.migration.backfill.BatchSizer;
import io.cutover.migration.dualwrite.DualWriteTrigger;
import io.cutover.migration.lock.Durations;
import io.cutover.migration.pacing.Budgets;
import io.cutover.migration.pacing.Health;
import io.cutover.migration.pacing.Pacer;
import io.cutover.migration.pacing.Throttle;
import io.cutover.migration.pacing.ThrottleLog;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.lock.LockedTransaction;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.SqlValues;
import io.cutover.migration.state.Transactions;
import io.cutover.shell.spi.Cancellation;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.Progress;
import io.cutover.shell.spi.Quoting;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One run of a rebuild, from wherever the last one stopped: copy the rows in key order while a
 * trigger logs the keys of every row written meanwhile, build the indexes on the copy, replay the
 * logged keys until few are left, then swap the two tables by renaming them, in one transaction
 * that waits at most the lock timeout for the table (and is retried), replaying the last changes
 * under that lock. As pg_repack and gh-ost do, with renames, since plain SQL cannot exchange the
 * files under a table's oid: hence the refusals of views and inbound FKs ({@link RebuildSql#BLOCKERS}).
 */
final class Rebuild {

  /** Advisory lock key of a running rebuild, "cutrbild": one per database at a time. */
  static final long LOCK = 0x6375_7472_6269_6C64L;
  /** Changes left when the swap may start: replayed under its lock in a few milliseconds. */
  private static final int SWAP_AT_CHANGES = 2_000;
  /**
   * The same for a partitioned copy: the replay's DELETE by key plans and probes every partition
   * (on 37 monthly partitions under load, 35 to 600 ms to plan once, measured), so less is left for
   * the lock.
   */
  private static final int SWAP_AT_CHANGES_PARTITIONED = 200;
  private static final int REPLAY_BATCH = 5_000;
  /** The SQLSTATE of a swap that found the table changed under the copy: the swap would lose the change. */
  static final String SHAPE_CHANGED = "CUT01";
  /** The SQLSTATE of a copy found to differ from the table before the swap: swapping would lose rows. */
  static final String COPY_DIFFERS = "CUT02";

  /**
   * @param fixedBatch rows per copy batch, or empty to adapt toward {@code targetMs}
   * @param sleepMs pause between copy batches (for replicas and the WAL archive)
   */
  record Settings(Optional<Integer> fixedBatch, long targetMs, long sleepMs, LockRetry.Settings lock, Budgets budgets) {
  }

  private int swapAt() {
    return target.partitionColumn().isPresent() ? SWAP_AT_CHANGES_PARTITIONED : SWAP_AT_CHANGES;
  }

  /** Between two looks at the autovacuum the swap waits for. */
  private static final long VACUUM_POLL_MS = 1_000;

  private final RebuildTarget target;
  private final DataSource pool;
  private final Printer printer;
  private final Cancellation cancellation;
  private final Settings settings;
  private final Pacer pacer;

  Rebuild(RebuildTarget target, DataSource pool, Printer printer, Cancellation cancellation, Settings settings) {
    this.target = target;
    this.pool = pool;
    this.printer = printer;
    this.cancellation = cancellation;
    this.settings = settings;
    this.pacer = new Pacer(settings.budgets(), target.oid(), Optional.of(log(target.table(), target.step())));
  }

  /** Where a table's rebuild (or conversion, {@code step}) keeps why it is paused or slowed. */
  static ThrottleLog log(PlanTable table, RunbookStep step) {
    return new ThrottleLog(table.key(), step.word());
  }

  /** How much the server's health held the run back, for its summary. */
  Pacer.Summary pacing() {
    return pacer.summary();
  }

  /** Takes the rebuild from {@code state} to its end; returns false when cancelled on the way (it resumes). */
  boolean run(Connection c, RebuildState state) throws Exception {
    try {
      return walk(c, state);
    } finally {
      pacer.finish(c);
    }
  }

  private boolean walk(Connection c, RebuildState state) throws Exception {
    RebuildSql sql = new RebuildSql(target, state.copy(), state.columns());
    try (Connection monitor = pool.getConnection()) {
      LockRetry retry = new LockRetry(settings.lock(), monitor, printer::warning, cancellation);
      if (state.phase() == RebuildPhase.PREPARED) {
        retry.run("start logging the changes of " + target.name(), c,
            () -> LockedTransaction.run(c, settings.lock().lockTimeoutSetting(), sql.createTriggers().toArray(String[]::new)));
        // Read after the trigger is on: every row past this key, and every change to one before it, is logged.
        state = state.startingAt(value(c, sql.maxKey()));
        state.save(c);
      }
      if (state.phase() == RebuildPhase.COPYING) {
        Optional<RebuildState> copied = copy(c, sql, state);
        if (copied.isEmpty()) {
          return false;
        }
        buildIndexes(c, sql);
        state = copied.get().inPhase(RebuildPhase.CATCHING_UP);
        state.save(c);
      }
      if (state.phase() == RebuildPhase.CATCHING_UP) {
        if (!catchUp(c, sql, swapAt())) {
          return false;
        }
        try (Statement st = c.createStatement()) {
          st.execute("ANALYZE " + sql.qualifiedCopy());
        }
        addForeignKeys(c, sql, retry);
        verifyCopy(c, sql);
        RebuildState swapping = state;
        List<IndexCopy> indexes = IndexCopy.of(c, target, sql);
        long[] lockedMs = new long[1];
        retry.run("swap " + target.name() + " and its copy", c, () -> {
          beforeSwap(c, sql);
          long t0 = System.nanoTime();
          swap(c, sql, swapping, indexes);
          lockedMs[0] = (System.nanoTime() - t0) / 1_000_000;
        });
        state = state.inPhase(RebuildPhase.SWAPPED);
        printer.info("Swapped: " + target.name() + " is the copy now (the swap took " + lockedMs[0]
            + " ms, its wait for the lock included); the old table is " + state.old() + ".");
      }
      if (state.phase() == RebuildPhase.SWAPPED) {
        String old = target.inSchema(state.old());
        retry.run("give the sequences of " + state.old() + " to " + target.name(), c,
            () -> LockedTransaction.run(c, settings.lock().lockTimeoutSetting(), sequenceMoves(c, target, old)));
        for (String fk : state.validFks()) {
          retry.run("validate " + fk, c, () -> LockedTransaction.run(c, settings.lock().lockTimeoutSetting(),
              "ALTER TABLE " + target.qualified() + " VALIDATE CONSTRAINT " + Quoting.identifier(fk)));
        }
        state.inPhase(RebuildPhase.DONE).save(c);
      }
      return true;
    }
  }

  /** Copies the rows up to the key read at the start, batch by batch, each with its checkpoint. */
  private Optional<RebuildState> copy(Connection c, RebuildSql sql, RebuildState from) throws Exception {
    RebuildState state = from;
    if (state.maxKey() == null) {
      return Optional.of(state);
    }
    BatchSizer sizer = settings.fixedBatch().map(BatchSizer::fixed).orElseGet(() -> BatchSizer.adaptive(settings.targetMs()));
    long started = System.nanoTime();
    long before = state.copied();
    try (Progress progress = printer.progress(target.step().word() + " " + target.name(),
        Math.max(state.estimate(), state.copied()));
         PreparedStatement batch = c.prepareStatement(sql.copyBatch())) {
      while (true) {
        if (cancellation.isCancelled()) {
          return Optional.empty();
        }
        long t0 = System.nanoTime();
        RebuildState current = state;
        RebuildState next = Transactions.call(c, () -> {
          batch.setString(1, current.afterKey());
          batch.setString(2, current.afterKey());
          batch.setString(3, current.maxKey());
          batch.setInt(4, sizer.size());
          try (ResultSet rs = batch.executeQuery()) {
            rs.next();
            long rows = rs.getLong(1);
            RebuildState after = rows == 0 ? current : current.copiedUpTo(rs.getString(2), rows);
            after.save(c);
            return after;
          }
        });
        long rows = next.copied() - state.copied();
        if (rows == 0) {
          return Optional.of(next);
        }
        state = next;
        sizer.observe(rows, (System.nanoTime() - t0) / 1_000_000);
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        double rate = (state.copied() - before) / seconds;
        long left = Math.max(0, state.estimate() - state.copied());
        String line = String.format(Locale.ROOT, "%,.0f rows/s%s  batch %,d", rate,
            rate > 0 ? "  ETA " + Durations.describe((long) (left / rate)) : "", sizer.size());
        long done = state.copied();
        progress.update(done, line);
        if (settings.sleepMs() > 0) {
          Thread.sleep(settings.sleepMs());
        }
        if (!pacer.between(c, (System.nanoTime() - t0) / 1_000_000, () -> {
          String why = pacer.status();
          progress.update(done, why.isEmpty() ? line : line + "  (" + why + ")");
          return cancellation.isCancelled();
        })) {
          return Optional.empty();
        }
      }
    }
  }

  /**
   * The table's FKs on the copy ({@link RebuildSql#FOREIGN_KEYS}), each under the lock timeout and
   * retried. A partitioned copy cannot take a NOT VALID FK (PostgreSQL 17): each partition gets it
   * NOT VALID, then validated (a scan of the partition holding only ROW SHARE on the referenced
   * table, so the application's inserts there go on), then the copy gets it, which takes the
   * partitions' validated ones over without a scan. Before the swap, so the copy never waits for a
   * lookup's lock while the table's is held.
   */
  private void addForeignKeys(Connection c, RebuildSql sql, LockRetry retry) throws Exception {
    for (String statement : foreignKeys(c, target, sql)) {
      retry.run("add the foreign keys to the copy", c,
          () -> LockedTransaction.run(c, settings.lock().lockTimeoutSetting(), statement));
    }
  }

  /** The statements of {@link #addForeignKeys}, in order; those a resumed run did already are left out. */
  static List<String> foreignKeys(Connection c, RebuildTarget target, RebuildSql sql) throws SQLException {
    List<String> out = new ArrayList<>();
    List<String> partitions = target.partitionColumn().isPresent()
        ? SqlValues.list(c, RebuildSql.PARTITIONS_OF, sql.qualifiedCopy()) : List.of();
    try (PreparedStatement ps = c.prepareStatement(RebuildSql.FOREIGN_KEYS)) {
      ps.setLong(1, target.oid());
      ps.setString(2, sql.qualifiedCopy());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          String definition = rs.getString(2);
          if (target.partitionColumn().isEmpty()) {
            out.add(sql.addForeignKey(sql.qualifiedCopy(), name, definition, true));
            continue;
          }
          for (String partition : partitions) {
            if (!SqlValues.one(c, Boolean.class, RebuildSql.HAS_CONSTRAINT, partition, name)) {
              out.add(sql.addForeignKey(partition, name, definition, true));
            }
            out.add("ALTER TABLE " + partition + " VALIDATE CONSTRAINT " + Quoting.identifier(name));
          }
          out.add(sql.addForeignKey(sql.qualifiedCopy(), name, definition, false));
        }
      }
    }
    return out;
  }

  /**
   * The table's indexes on the copy, under temporary names; unique ones back the same PRIMARY KEY
   * and UNIQUE constraints. Plain CREATE INDEX: only the copy is locked, and no one writes it
   * until the change log is replayed. A resumed run skips the ones built already.
   */
  private void buildIndexes(Connection c, RebuildSql sql) throws SQLException, CommandException {
    List<IndexCopy> indexes = IndexCopy.of(c, target, sql);
    for (IndexCopy index : indexes) {
      if (index.existsOnCopy(c, target)) {
        continue;
      }
      long t0 = System.nanoTime();
      Transactions.run(c, () -> {
        try (Statement st = c.createStatement()) {
          for (String s : index.build(sql.qualifiedCopy(), target.partitionColumn())) {
            st.execute(s);
          }
        }
      });
      printer.info(String.format(Locale.ROOT, "  index %s built on the copy in %.1f s", index.name(),
          (System.nanoTime() - t0) / 1e9));
    }
  }

  /**
   * Replays logged keys, batch after batch, until a batch finds fewer than {@code leave}: the log
   * held no more then, and only what was written meanwhile is left. Each key's row in the copy is
   * deleted and copied again as the table has it now (or not, when deleted). Returns false when
   * cancelled.
   */
  private boolean catchUp(Connection c, RebuildSql sql, int leave) throws SQLException, InterruptedException {
    while (!cancellation.isCancelled()) {
      long t0 = System.nanoTime();
      if (Transactions.call(c, () -> replay(c, sql, REPLAY_BATCH)) < leave) {
        return true;
      }
      if (!pacer.between(c, (System.nanoTime() - t0) / 1_000_000, cancellation::isCancelled)) {
        return false;
      }
    }
    return false;
  }

  /** The last catch-up and the wait for vacuum, before each try of the swap; cancelled, it ends as a cancelled statement. */
  private void beforeSwap(Connection c, RebuildSql sql) throws SQLException {
    try {
      if (!catchUp(c, sql, swapAt()) || !awaitNoUnyieldingVacuum(c)) {
        throw new SQLException("the rebuild was cancelled before its swap (\\rebuild resumes it)", "57014");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("the rebuild was interrupted before its swap (\\rebuild resumes it)", "57014", e);
    }
  }

  /**
   * Waits, holding nothing, while an autovacuum that does not yield to a lock (one preventing
   * wraparound, or one whose kind this role cannot read) runs on the table: the swap's lock
   * request would queue behind it for as long as it runs, and the application behind the
   * request (pg_repack's users saw a 37-minute outage that way). Whatever --autovacuum says.
   * False when cancelled meanwhile.
   */
  private boolean awaitNoUnyieldingVacuum(Connection c) throws SQLException, InterruptedException {
    boolean said = false;
    for (var v = Health.unyieldingVacuums(c, target.oid()); !v.isEmpty();
         v = Health.unyieldingVacuums(c, target.oid())) {
      if (!said) {
        printer.info("Waiting before the swap: " + new Throttle(v.get(0), 0).describe() + "; the swap's lock would"
            + " queue behind it, and the application behind the swap.");
        said = true;
      }
      if (cancellation.isCancelled()) {
        return false;
      }
      Thread.sleep(VACUUM_POLL_MS);
    }
    return true;
  }

  /**
   * Replays up to {@code limit} logged changes in the caller's transaction (the swap's, under its
   * lock, or one of the catch-up's own); returns how many it took.
   */
  private static int replay(Connection c, RebuildSql sql, int limit) throws SQLException {
    Transactions.requireOpen(c);
    List<Long> seqs = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(RebuildSql.TAKE_CHANGES)) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
          keys.add(rs.getString(2));
        }
      }
    }
    if (seqs.isEmpty()) {
      return 0;
    }
    Array keyArray = c.createArrayOf("text", keys.stream().distinct().toArray());
    for (String statement : List.of(sql.replayDelete(), sql.replayInsert())) {
      try (PreparedStatement ps = c.prepareStatement(statement)) {
        ps.setArray(1, keyArray);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement(RebuildSql.FORGET_CHANGES)) {
      ps.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
      ps.executeUpdate();
    }
    return seqs.size();
  }

  /**
   * Compares the copy with the table row by row, in one snapshot, the keys still to replay left
   * out; refuses the swap on any difference (see {@link RebuildSql#differences}).
   */
  private void verifyCopy(Connection c, RebuildSql sql) throws SQLException {
    long t0 = System.nanoTime();
    String[] found = Transactions.call(c, () -> {
      execute(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.differences())) {
        rs.next();
        return new String[] {rs.getString(1), rs.getString(2)};
      }
    });
    if (!found[0].equals("0")) {
      throw new SQLException("the copy differs from " + target.name() + " in " + found[0]
          + " rows not waiting in the change log (keys " + found[1] + ")", COPY_DIFFERS);
    }
    printer.info(String.format(Locale.ROOT, "  the copy holds every row of %s as it is (compared in %.1f s)",
        target.name(), (System.nanoTime() - t0) / 1e9));
  }

  /**
   * The swap, one transaction under lock_timeout, every statement of it: lock the table (writers
   * wait from here on, at most the lock timeout), replay the last changes, check nothing changed
   * shape, then rename the table away and the copy into its place, with its indexes, sequences,
   * the dual-write trigger, grants, owner and comments. Nothing in it waits for another table's
   * lock (the FKs are on the copy already), so the application cannot be queued behind a second wait.
   */
  private void swap(Connection c, RebuildSql sql, RebuildState state, List<IndexCopy> indexes) throws SQLException {
    Transactions.run(c, () -> {
      Transactions.setLocal(c, "lock_timeout", settings.lock().lockTimeoutSetting());
      execute(c, sql.lockTable(views(c, target.oid()).stream().map(v -> v[0]).toList()));
      while (replay(c, sql, REPLAY_BATCH) > 0) {
        // under the lock no one adds to the log: this ends
      }
      String shape = shape(c, target.oid());
      if (!shape.equals(state.shape()) || !logging(c, target.oid())) {
        throw new SQLException(target.name() + " changed while it was being copied (a column, an index,"
            + " a constraint or a trigger was added, changed, disabled or removed)", SHAPE_CHANGED);
      }
      for (String statement : swapStatements(c, target, sql, state.old(), indexes)) {
        execute(c, statement);
      }
      state.inPhase(RebuildPhase.SWAPPED).save(c);
    });
  }

  /**
   * What the swap does once it holds the table's lock and the copy has every change, in order:
   * the table renamed away with its indexes; the copy takes the sequences its columns own, its
   * grants, storage options, comments and owner (all named by the copy's name, so before its
   * rename), then its place, the views that read the table (their definitions read before any
   * rename, so that they name it) and the dual-write trigger (the old one stays with the old
   * table); then the change log goes.
   */
  static List<String> swapStatements(Connection c, RebuildTarget target, RebuildSql sql, String old, List<IndexCopy> indexes)
      throws SQLException {
    long oid = target.oid();
    String schema = Quoting.identifier(target.schema());
    List<String> out = new ArrayList<>(sql.dropTriggers(target.qualified()));
    out.add("ALTER TABLE " + target.qualified() + " RENAME TO " + Quoting.identifier(old));
    for (IndexCopy index : indexes) {
      out.add("ALTER INDEX " + schema + "." + Quoting.identifier(index.name()) + " RENAME TO "
          + Quoting.identifier("cutover_before_rebuild_" + index.oid()));
      out.add("ALTER INDEX " + schema + "." + Quoting.identifier(index.copyName()) + " RENAME TO "
          + Quoting.identifier(index.name()));
    }
    out.addAll(statements(c, RebuildSql.BELONGINGS, sql.qualifiedCopy(), oid, 4));
    out.addAll(statements(c, RebuildSql.CHECKS, sql.qualifiedCopy(), oid, 1, "false"));
    out.addAll(statements(c, RebuildSql.OWNER, sql.qualifiedCopy(), oid, 1));
    List<String[]> views = views(c, oid);
    // The dual-write trigger as the server defines it, read before the renames: it names the table, the copy's name then.
    String dualWrite = SqlValues.one(c, String.class, RebuildSql.DUAL_WRITE, oid);
    out.add("ALTER TABLE " + sql.qualifiedCopy() + " RENAME TO " + Quoting.identifier(target.name()));
    views.forEach(v -> out.add(v[1]));
    if (DualWriteTrigger.firing(c, oid).isEnabled()) {
      String trigger = Quoting.identifier(RebuildSql.DUAL_WRITE_TRIGGER);
      out.add("DROP TRIGGER " + trigger + " ON " + target.inSchema(old));
      out.add(dualWrite);
      out.add("ALTER TABLE " + target.qualified() + " ENABLE ALWAYS TRIGGER " + trigger);
      out.add(RebuildSql.triggerMoved(target.qualified()));
    }
    out.add("DROP TABLE " + RebuildSql.CHANGE_LOG);
    out.add(sql.dropFunction());
    return out;
  }

  /** The views that read the table: each its name (regclass text) and the statement that points it at the copy. */
  private static List<String[]> views(Connection c, long tableOid) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(RebuildSql.VIEWS)) {
      ps.setLong(1, tableOid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    return out;
  }

  /**
   * The statements that give the sequences the old table ({@code old}, qualified) owns to the
   * table's columns of the same names; none once they moved. Run after the swap, and again before
   * the old table is dropped (which would drop what it still owns).
   */
  static String[] sequenceMoves(Connection c, RebuildTarget target, String old) throws SQLException {
    long oldOid = SqlValues.one(c, Long.class, "SELECT coalesce(to_regclass(?)::oid, 0)::bigint", old);
    return statements(c, RebuildSql.SEQUENCES, target.qualified(), oldOid, 1).toArray(String[]::new);
  }

  static String shape(Connection c, long tableOid) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RebuildSql.SHAPE)) {
      for (int i = 1; i <= 4; i++) {
        ps.setLong(i, tableOid);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /**
   * Statements the server formats (the last column of each row); the params are {@code pairs}
   * times (copy, table oid), then {@code more}.
   */
  static List<String> statements(Connection c, String query, String copy, long tableOid, int pairs, String... more)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < pairs; i++) {
        ps.setString(2 * i + 1, copy);
        ps.setLong(2 * i + 2, tableOid);
      }
      for (int i = 0; i < more.length; i++) {
        ps.setString(2 * pairs + i + 1, more[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(rs.getMetaData().getColumnCount()));
        }
      }
    }
    return out;
  }

  private static boolean logging(Connection c, long tableOid) throws SQLException {
    return SqlValues.one(c, Boolean.class, RebuildSql.LOGGING, tableOid);
  }

  private static void execute(Connection c, String statement) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }


  /** The first column of a one-row query, as text. */
  static String value(Connection c, String query) throws SQLException {
    return SqlValues.one(c, String.class, query);
  }
}
