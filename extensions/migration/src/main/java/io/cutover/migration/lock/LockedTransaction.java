package io.cutover.migration.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * DDL in one short transaction under {@code lock_timeout}: a statement that must wait for its
 * table lock gives up after the timeout (SQLSTATE 55P03, which {@link LockRetry} retries) instead
 * of queueing the application's queries behind it.
 */
public final class LockedTransaction {

  private LockedTransaction() {
  }

  /** Runs {@code statements} in one transaction on {@code c} (autocommit restored), each under {@code lockTimeout}. */
  public static void run(Connection c, String lockTimeout, String... statements) throws SQLException {
    c.setAutoCommit(false);
    try {
      try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
        ps.setString(1, lockTimeout);
        ps.execute();
      }
      for (String s : statements) {
        try (Statement st = c.createStatement()) {
          st.execute(s);
        }
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }
}
