package io.cutover.migration.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * One transaction on a connection that normally autocommits: commit when the work returns,
 * roll back when it throws, and leave the connection's autocommit as it was.
 *
 * <p>Never nested: a transaction begun inside another would COMMIT the outer one early, releasing
 * its locks and its SET LOCAL settings halfway (a rebuild's swap lost writes that way). So
 * {@link #call} refuses a connection that is already in a transaction, and work that must run
 * inside the caller's transaction says so with {@link #requireOpen}.
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
    return transaction(c, work, true);
  }

  private static <T> T transaction(Connection c, Call<T> work, boolean commit) throws SQLException {
    if (!c.getAutoCommit()) {
      throw new IllegalStateException("a transaction was begun inside another: it would commit the outer one early");
    }
    if (inTransaction(c)) {
      // The user's own BEGIN on the session: committing it for them would end their transaction.
      throw new SQLException("this session is inside a transaction block, and this step commits its own work:"
          + " end the transaction first (COMMIT or ROLLBACK)", "25001");
    }
    c.setAutoCommit(false);
    T result;
    try {
      result = work.call();
      if (commit) {
        c.commit();
      } else {
        c.rollback();
      }
    } catch (SQLException | RuntimeException e) {
      // On a lost connection the cleanup fails too; the first error says why (57P01, an I/O error).
      try {
        c.rollback();
        c.setAutoCommit(true);
      } catch (SQLException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    c.setAutoCommit(true);
    return result;
  }

  /** Runs {@code work} in a transaction that is always rolled back: a probe that must leave nothing behind. */
  public static <T> T rolledBack(Connection c, Call<T> work) throws SQLException {
    return transaction(c, work, false);
  }

  /** For work that must run inside its caller's transaction (its locks and SET LOCAL settings held). */
  public static void requireOpen(Connection c) throws SQLException {
    if (c.getAutoCommit()) {
      throw new IllegalStateException("this work must run inside a transaction (Transactions.call)");
    }
  }

  /** Whether the server has a transaction open on {@code c} (a BEGIN sent as SQL, for one). */
  private static boolean inTransaction(Connection c) throws SQLException {
    return c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
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
    requireOpen(c);
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
