package io.cutover.migration.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * A session-level advisory lock: a step that must not run twice at once on a database (the
 * backfill, {@code \migrate}, the rebuild) holds one while it runs. It dies with the session, so a
 * killed shell leaves nothing held.
 */
public final class AdvisoryLock {

  private AdvisoryLock() {
  }

  /** Takes the lock without waiting: false when another session holds it. */
  public static boolean tryLock(Connection c, long key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Releases it; a failure only warns ({@code what} names the lock): the lock goes with the session
   * anyway, and an error here must not hide the one that ended the step.
   */
  public static void unlock(Connection c, long key, String what, Consumer<String> warning) {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      ps.setLong(1, key);
      ps.execute();
    } catch (SQLException e) {
      warning.accept("could not release the " + what + " lock (it goes with the connection): " + e.getMessage());
    }
  }
}
