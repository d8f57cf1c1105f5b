package io.cutover.migration.backfill;

import io.cutover.migration.lock.LockRetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One batch of one range, on its own connection.
 *
 * <p>Lock order, so the application never sees a deadlock: the lookup values are inserted and
 * committed first, in a transaction that touches no row of the table; only then does the UPDATE
 * take row locks, holding no uncommitted lookup row a writer's trigger could wait for. The UPDATE
 * waits at most {@link #ROW_LOCK_TIMEOUT} for a row a writer holds, less than PostgreSQL's
 * deadlock_timeout (1 s by default), so if a writer also waits for the batch, the batch gives up
 * first and is retried: the backfill backs off, never the application.
 */
final class BackfillBatch {

  /** Below deadlock_timeout, see above. */
  static final String ROW_LOCK_TIMEOUT = "500ms";

  /** What a batch did: its last key (null when the range had no rows left), rows seen, rows written, lock hold time. */
  record Result(String lastKey, long scanned, long updated, long lockMs) {
  }

  private final BackfillSql sql;

  BackfillBatch(BackfillSql sql) {
    this.sql = sql;
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
    try (PreparedStatement ps = c.prepareStatement(sql.insertLookups(after.isEmpty()))) {
      bindRange(ps, after, upto);
      ps.execute();
    }
    boolean last = upto.equals(range.max());
    long start = System.nanoTime();
    c.setAutoCommit(false);
    try {
      try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
        ps.setString(1, ROW_LOCK_TIMEOUT);
        ps.execute();
      }
      long updated;
      try (PreparedStatement ps = c.prepareStatement(sql.update(after.isEmpty()))) {
        bindRange(ps, after, upto);
        updated = ps.executeUpdate();
      }
      Checkpoints.advance(c, range.number(), upto, rows, updated, last);
      c.commit();
      return new Result(upto, rows, updated, (System.nanoTime() - start) / 1_000_000);
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  static boolean isLockTimeout(SQLException e) {
    return LockRetry.LOCK_NOT_AVAILABLE.equals(e.getSQLState());
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
