package io.cutover.migration.backfill;

import io.cutover.migration.backfill.BackfillSql.Selection;
import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.plan.Dimension;
import io.cutover.migration.state.Transactions;
import java.sql.Array;
import io.cutover.migration.plan.PlanTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One batch of one range, on its own connection.
 *
 * <p>Lock order, so the application never sees a deadlock or a wait it would not have without
 * the backfill. The missing lookup values are inserted first, ONE per transaction: the backfill
 * never holds an uncommitted value while it waits for another, so it cannot close a cycle with
 * writers whose triggers insert values too (inserting a batch's values in one statement did,
 * found by BackfillUnderFireTest). Only then does the UPDATE take row locks, holding no
 * uncommitted lookup row a writer could wait for, and it goes around the rows a writer holds
 * (SKIP LOCKED) instead of waiting for them while holding others: the walker comes back for
 * those, waiting for one row at a time while it holds nothing ({@link #waitForRow}).
 *
 * <p>A lock wait and a slow statement are told apart by their timeouts: the batch's lock_timeout
 * (for a table lock: DDL, LOCK TABLE) is below its statement timeout, so SQLSTATE 55P03 means it
 * waited for a lock, and 57014 that the batch itself ran past the bound. The server acts on a
 * cancel only between waits (an fsync of a WAL segment is one): a batch may still end past the
 * bound. Its hold is measured in full and reported ({@link LockHolds}), and the UPDATEs after it
 * are cancelled earlier by what it needed past its timeout ({@link #learn}).
 *
 * <p>A batch commits without waiting for its WAL to reach the disk ({@code synchronous_commit =
 * off}, for this transaction only): its row locks go at once, not after an fsync that a busy disk
 * can make longer than the batch. Nothing can be lost that matters: the checkpoint is in the same
 * transaction, so a server crash can only take the last few batches and their checkpoint
 * together, and the next {@code \backfill} does them again.
 */
final class BackfillBatch {

  /** Without a bound (--one-statement): below deadlock_timeout (1 s by default). */
  private static final long LOCK_TIMEOUT_MS = 500;
  /** How long one wait for a held row lasts before the walker looks at pause, Ctrl-C and dual-write again. */
  static final long ROW_WAIT_MS = 1_000;

  /** Which rows a batch takes: the next {@code limit} rows of its range after a key (empty: from its start)... */
  sealed interface Rows permits Next, Again {
  }

  record Next(Optional<String> after, int limit) implements Rows {
  }

  /** ...or keys a batch went around before, because a writer held them. */
  record Again(List<String> keys) implements Rows {
  }

  /** The range's checkpoint as a batch commits it. */
  record Checkpoint(Optional<String> doneAfter, boolean finished) {
  }

  /** Decides the checkpoint from the batch's last key (none for {@link Again}) and the keys it went around. */
  @FunctionalInterface
  interface CheckpointRule {
    Checkpoint after(Optional<String> upto, List<String> skipped);
  }

  /**
   * What a batch did: its last key (empty when the range had no rows left, or for {@link Again}),
   * rows seen, rows written, how long it held its row locks, and the keys it went around, in key order.
   */
  record Result(Optional<String> lastKey, long scanned, long updated, LockHolds.Hold hold, List<String> skipped) {
  }

  private final BackfillSql sql;
  private final PlanTable plan;
  private final long maxLockMs;
  private long marginMs;
  private LockHolds.Hold lastHold = new LockHolds.Hold(0, 0, true);

  /**
   * @param maxLockMs the longest a batch may hold its row locks, enforced: past it (less a margin
   *     for the checkpoint and the commit) the UPDATE is cancelled and rolled back, and the caller
   *     retries smaller; 0 for no bound
   */
  BackfillBatch(BackfillSql sql, PlanTable plan, long maxLockMs) {
    this.plan = plan;
    this.sql = sql;
    this.maxLockMs = maxLockMs;
    this.marginMs = baseMarginMs();
  }

  /** How long the last batch held its row locks, also when it was cancelled and rolled back. */
  LockHolds.Hold lastHold() {
    return lastHold;
  }

  /**
   * The UPDATE's share of the bound: the bound less the margin the last batches needed after
   * their UPDATE's timeout (see {@link #learn}), at least a fifth of the bound.
   */
  private long statementTimeoutMs() {
    return Math.max(maxLockMs / 5, maxLockMs - marginMs);
  }

  /**
   * At least 50 ms less than the bound (a fifth of larger bounds, at most half of smaller ones):
   * timed batch by batch at 1,000,000 rows, a cancel took effect up to 40 ms after its timeout
   * (the server acts on it between waits), and a commit waited up to 120 ms for WAL writes.
   */
  private long baseMarginMs() {
    return Math.min(maxLockMs / 2, Math.max(50, maxLockMs / 5));
  }

  /**
   * After each batch, the margin the next UPDATE leaves under the bound: what this one needed past
   * its UPDATE (a committed batch: its checkpoint and COMMIT; a cancelled one: how late the cancel
   * took effect, and the ROLLBACK), if more than the margin had; else a tenth less each batch,
   * back down to the base. On a server with fsync on, a cancelled 1,000-row batch ended 137 and 149
   * ms after its 200 ms timeout (2 workers, a loaded machine): the next ones are cancelled earlier.
   */
  private void learn(LockHolds.Hold hold) {
    long needed = hold.committed() ? hold.afterMs() : hold.totalMs() - statementTimeoutMs();
    marginMs = Math.max(baseMarginMs(), Math.max(needed + 10, marginMs - marginMs / 10));
  }

  /**
   * Runs a batch and commits it with the checkpoint {@code rule} gives.
   *
   * @throws SQLException 57014 past the bound (retry smaller), 55P03 after a wait for a table lock
   */
  Result run(Connection c, Checkpoints.Range range, Rows rows, CheckpointRule rule) throws SQLException {
    Selection selection;
    List<String> keys;
    long scanned;
    Optional<String> upto;
    if (rows instanceof Next next) {
      selection = next.after().isPresent() ? Selection.AFTER : Selection.FROM_START;
      try (PreparedStatement ps = c.prepareStatement(sql.slice(selection))) {
        List<String> bounds = new ArrayList<>(next.after().stream().toList());
        bounds.add(range.max());
        int i = bind(ps, 1, selection, bounds);
        ps.setInt(i, next.limit());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          upto = Optional.ofNullable(rs.getString(1));
          scanned = rs.getLong(2);
        }
      }
      if (upto.isEmpty()) {
        return new Result(Optional.empty(), 0, 0, new LockHolds.Hold(0, 0, true), List.of());
      }
      keys = new ArrayList<>(next.after().stream().toList());
      keys.add(upto.get());
    } else {
      selection = Selection.KEYS;
      keys = ((Again) rows).keys();
      upto = Optional.empty();
      scanned = 0;
    }
    insertMissingValues(c, selection, keys);
    // The row locks are the UPDATE's: held from its start to the end of the COMMIT or ROLLBACK.
    long[] clock = new long[2];
    Optional<Written> written = Optional.empty();
    try {
      written = Optional.of(Transactions.call(c, () -> {
        if (maxLockMs > 0) {
          long statementMs = statementTimeoutMs();
          Transactions.setLocal(c, "lock_timeout", Math.min(LOCK_TIMEOUT_MS, statementMs / 2) + "ms",
              "synchronous_commit", "off", "statement_timeout", statementMs + "ms");
        } else {
          Transactions.setLocal(c, "lock_timeout", LOCK_TIMEOUT_MS + "ms", "synchronous_commit", "off");
        }
        long updated;
        List<String> skipped;
        clock[0] = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql.update(selection))) {
          bind(ps, bind(ps, 1, selection, keys), selection, keys);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            updated = rs.getLong(1);
            skipped = Arrays.asList((String[]) rs.getArray(2).getArray());
          }
        } finally {
          clock[1] = System.nanoTime();
        }
        Checkpoint checkpoint = rule.after(upto, skipped);
        Checkpoints.advance(c, plan, range.number(), checkpoint.doneAfter().orElse(null), scanned, updated, checkpoint.finished());
        return new Written(updated, skipped);
      }));
    } finally {
      long end = System.nanoTime();
      lastHold = clock[0] == 0 ? new LockHolds.Hold(0, 0, false)
          : new LockHolds.Hold((clock[1] - clock[0]) / 1_000_000, (end - clock[1]) / 1_000_000, written.isPresent());
      if (maxLockMs > 0) {
        learn(lastHold);
      }
    }
    return new Result(upto, scanned, written.get().updated(), lastHold, written.get().skipped());
  }

  /** What a batch's UPDATE wrote. */
  private record Written(long updated, List<String> skipped) {
  }

  /**
   * Waits up to {@link #ROW_WAIT_MS} for the writer that holds {@code key}, holding nothing else;
   * true once it could be locked (or is gone), and then released at once.
   */
  boolean waitForRow(Connection c, String key) throws SQLException {
    try {
      Transactions.run(c, () -> {
        Transactions.setLocal(c, "lock_timeout", ROW_WAIT_MS + "ms");
        try (PreparedStatement ps = c.prepareStatement(sql.waitForRow())) {
          ps.setString(1, key);
          ps.executeQuery().close();
        }
      });
      return true;
    } catch (SQLException e) {
      if (isLockTimeout(e)) {
        return false;
      }
      throw e;
    }
  }

  private void insertMissingValues(Connection c, Selection selection, List<String> keys) throws SQLException {
    for (Dimension d : sql.dimensions()) {
      List<Object[]> missing = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql.missingValues(d, selection))) {
        bind(ps, 1, selection, keys);
        try (ResultSet rs = ps.executeQuery()) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
              row[i] = rs.getObject(i + 1);
            }
            missing.add(row);
          }
        }
      }
      if (missing.isEmpty()) {
        continue;
      }
      try (PreparedStatement ps = c.prepareStatement(sql.insertValue(d))) {
        for (Object[] row : missing) {
          for (int i = 0; i < row.length; i++) {
            ps.setObject(i + 1, row[i]);
          }
          ps.executeUpdate(); // autocommit: each value commits on its own
        }
      }
    }
  }

  static boolean isLockTimeout(SQLException e) {
    return LockRetry.LOCK_NOT_AVAILABLE.equals(e.getSQLState());
  }

  /** The UPDATE ran past the lock bound (or was cancelled: the caller tells a user's Ctrl-C apart). */
  static boolean isCancelled(SQLException e) {
    return "57014".equals(e.getSQLState());
  }

  /**
   * Binds a selection from parameter {@code i} and returns the next index: for a range, its keys
   * ([after,] upto); for {@link Selection#KEYS}, the keys as one text array.
   */
  private static int bind(PreparedStatement ps, int i, Selection selection, List<String> keys) throws SQLException {
    if (selection == Selection.KEYS) {
      Array array = ps.getConnection().createArrayOf("text", keys.toArray());
      ps.setArray(i, array);
      return i + 1;
    }
    for (String k : keys) {
      ps.setString(i++, k);
    }
    return i;
  }
}
