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
    T result;
    try {
      result = work.call();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      // On a lost connection the cleanup fails too; the first error says why (57P01, an I/O error).
      try {
        c.rollback();
        c.setAutoCommit(autoCommit);
      } catch (SQLException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    c.setAutoCommit(autoCommit);
    return result;
  }

  public static void run(Connection c, Work work) throws SQLException {
    call(c, () -> {
      work.run();
      return null;
    });
  }

  /**
   * Settings for the rest of the current transaction (SET LOCAL), values bound: name, value, name,
   * value, ... in one round trip.
   */
  public static void setLocal(Connection c, String... namesAndValues) throws SQLException {
    if (namesAndValues.length == 0 || namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("setLocal takes names and values in pairs");
    }
    String calls = String.join(", ", java.util.Collections.nCopies(namesAndValues.length / 2, "set_config(?, ?, true)"));
    try (PreparedStatement ps = c.prepareStatement("SELECT " + calls)) {
      for (int i = 0; i < namesAndValues.length; i++) {
        ps.setString(i + 1, namesAndValues[i]);
      }
      ps.execute();
    }
  }
}
