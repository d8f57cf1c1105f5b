package io.cutover.migration.backfill;

import io.cutover.migration.state.Transactions;
import io.cutover.migration.lock.LockRetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import io.cutover.migration.plan.Dimension;
import java.util.Optional;

/**
 * One batch of one range, on its own connection.
 *
 * <p>Lock order, so the application never sees a deadlock. The missing lookup values are inserted
 * first, ONE per transaction: the backfill never holds an uncommitted value while it waits for
 * another, so it cannot close a cycle with writers whose triggers insert values too (inserting a
 * batch's values in one statement did, found by BackfillUnderFireTest). Only then does the UPDATE
 * take row locks, holding no uncommitted lookup row a writer could wait for; it waits at most
 * {@link #ROW_LOCK_TIMEOUT} for a row a writer holds, less than PostgreSQL's deadlock_timeout
 * (1 s by default), so if a writer also waits for the batch, the batch gives up first and is
 * retried: the backfill backs off, never the application.
 *
 * <p>A batch commits without waiting for its WAL to reach the disk ({@code synchronous_commit =
 * off}, for this transaction only): its row locks go at once, not after an fsync that a busy disk
 * can make longer than the batch. Nothing can be lost that matters: the checkpoint is in the same
 * transaction, so a server crash can only take the last few batches and their checkpoint
 * together, and the next {@code \backfill} does them again.
 */
final class BackfillBatch {

  /** Below deadlock_timeout, see above. */
  static final String ROW_LOCK_TIMEOUT = "500ms";

  /** What a batch did: its last key (null when the range had no rows left), rows seen, rows written, lock hold time. */
  record Result(String lastKey, long scanned, long updated, long lockMs) {
  }

  private final BackfillSql sql;
  private final long maxLockMs;
  private long lastLockMs;

  /**
   * @param maxLockMs the longest a batch may hold its row locks, enforced: past it (less a margin
   *     for the checkpoint and the commit) the UPDATE is cancelled and rolled back, and the caller
   *     retries smaller; 0 for no bound
   */
  BackfillBatch(BackfillSql sql, long maxLockMs) {
    this.sql = sql;
    this.maxLockMs = maxLockMs;
  }

  /**
   * The UPDATE's share of the bound: 50 ms less (a fifth of larger bounds, at most half of smaller
   * ones). Timed batch by batch at 1,000,000 rows: a cancel took effect up to 40 ms after its
   * timeout (the server acts on it between waits), and a commit waited up to 120 ms for WAL writes.
   */
  private long statementTimeoutMs() {
    return maxLockMs - Math.min(maxLockMs / 2, Math.max(50, maxLockMs / 5));
  }

  /** How long the last batch held its row locks, also when it was cancelled or rolled back. */
  long lastLockMs() {
    return lastLockMs;
  }

  /**
   * Runs a batch after {@code after} (empty: from the range start) of at most {@code size} rows.
   *
   * @throws SQLException with SQLSTATE 55P03 when a row stayed locked; the caller retries smaller
   */
  Result run(Connection c, Checkpoints.Range range, Optional<String> after, int size) throws SQLException {
    String upto;
    long rows;
    try (PreparedStatement ps = c.prepareStatement(sql.slice(after.isEmpty()))) {
      int next = bindRange(ps, after, range.max());
      ps.setInt(next, size);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        upto = rs.getString(1);
        rows = rs.getLong(2);
      }
    }
    if (upto == null) {
      return new Result(null, 0, 0, 0);
    }
    insertMissingValues(c, after, upto);
    boolean last = upto.equals(range.max());
    long start = System.nanoTime();
    try {
      return Transactions.call(c, () -> {
        if (maxLockMs > 0) {
          Transactions.setLocal(c, "lock_timeout", ROW_LOCK_TIMEOUT, "synchronous_commit", "off",
              "statement_timeout", statementTimeoutMs() + "ms");
        } else {
          Transactions.setLocal(c, "lock_timeout", ROW_LOCK_TIMEOUT, "synchronous_commit", "off");
        }
        long updated;
        try (PreparedStatement ps = c.prepareStatement(sql.update(after.isEmpty()))) {
          bindRange(ps, after, upto);
          updated = ps.executeUpdate();
        }
        Checkpoints.advance(c, range.number(), upto, rows, updated, last);
        return new Result(upto, rows, updated, (System.nanoTime() - start) / 1_000_000);
      });
    } finally {
      lastLockMs = (System.nanoTime() - start) / 1_000_000;
    }
  }

  private void insertMissingValues(Connection c, Optional<String> after, String upto) throws SQLException {
    for (Dimension d : sql.dimensions()) {
      java.util.List<Object[]> missing = new java.util.ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql.missingValues(d, after.isEmpty()))) {
        bindRange(ps, after, upto);
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

  /** Binds the range and returns the next parameter index. */
  private static int bindRange(PreparedStatement ps, Optional<String> after, String upto) throws SQLException {
    int i = 1;
    if (after.isPresent()) {
      ps.setString(i++, after.get());
    }
    ps.setString(i++, upto);
    return i;
  }
}
