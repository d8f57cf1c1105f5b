package io.cutover.migration.lock;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * Who a waiting session waits for: {@code pg_blocking_pids()} of the waiter, asked from another
 * connection while it waits. What every lock report and status line of cutover names.
 */
public final class Blockers {

  /** A session that blocks ours: what a person needs to find it and decide to end it. */
  public record Blocker(int pid, String applicationName, String state, long transactionSeconds, String query) {

    /** {@code pid 4242 (application "worker", idle in transaction, transaction open 12 s: DELETE FROM ...)}. */
    public String describe() {
      return String.format(Locale.ROOT, "pid %d (application \"%s\", %s, transaction open %d s: %s)", pid,
          applicationName, state, transactionSeconds, query);
    }
  }

  /**
   * Bind: the waiters' pids. The oldest transaction among those that block any of them.
   * pg_blocking_pids() takes the lock manager's locks for a moment, so it is asked only for a
   * waiter that pg_stat_activity shows waiting for a lock: a watch that looks often costs nothing
   * while nobody waits.
   */
  private static final String OF_WAITERS = """
      WITH waiting AS (
        SELECT pid FROM pg_catalog.pg_stat_activity WHERE pid = ANY (?::int[]) AND wait_event_type = 'Lock')
      SELECT b.pid, b.application_name, coalesce(b.state, 'unknown state'),
             coalesce(extract(epoch FROM now() - b.xact_start)::bigint, 0),
             left(regexp_replace(coalesce(b.query, ''), '\\s+', ' ', 'g'), 60)
      FROM pg_catalog.pg_stat_activity b
      WHERE b.pid IN (SELECT pg_catalog.unnest(pg_catalog.pg_blocking_pids(w.pid)) FROM waiting w)
      ORDER BY b.xact_start NULLS LAST, b.pid LIMIT 1
      """;

  private Blockers() {
  }

  /** The server process of {@code c}, known without a round trip (read it before the connection waits). */
  public static int pid(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getBackendPID();
  }

  /** Who blocks any of {@code waiters} now; empty when none of them waits for a lock. */
  public static Optional<Blocker> of(Connection monitor, int... waiters) throws SQLException {
    if (waiters.length == 0) {
      return Optional.empty();
    }
    Integer[] boxed = java.util.Arrays.stream(waiters).boxed().toArray(Integer[]::new);
    Array array = monitor.createArrayOf("int4", boxed);
    try (PreparedStatement ps = monitor.prepareStatement(OF_WAITERS)) {
      ps.setArray(1, array);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Blocker(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4),
            rs.getString(5))) : Optional.empty();
      }
    } finally {
      array.free();
    }
  }
}
