package io.cutover.migration.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One transaction on a connection that normally autocommits: commit when the work returns,
 * roll back when it throws, and leave the connection's autocommit as it was.
 */
public final class Transactions {

  /** Work inside the transaction that returns a value. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws SQLException;
  }

  /** Work inside the transaction. */
  @FunctionalInterface
  public interface Work {
    void run() throws SQLException;
  }

  private Transactions() {
  }

  public static <T> T call(Connection c, Call<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      T result = work.call();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  public static void run(Connection c, Work work) throws SQLException {
    call(c, () -> {
      work.run();
      return null;
    });
  }

  /** A setting for the rest of the current transaction (SET LOCAL), with its value bound. */
  public static void setLocal(Connection c, String name, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, true)")) {
      ps.setString(1, name);
      ps.setString(2, value);
      ps.execute();
    }
  }
}
