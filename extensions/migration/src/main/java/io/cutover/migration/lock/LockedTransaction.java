package io.cutover.migration.lock;

import io.cutover.migration.state.Transactions;
import java.sql.Connection;
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
    Transactions.run(c, () -> {
      Transactions.setLocal(c, "lock_timeout", lockTimeout);
      for (String s : statements) {
        try (Statement st = c.createStatement()) {
          st.execute(s);
        }
      }
    });
  }
}
