package io.cutover.rewrite.compare;

import io.cutover.shell.spi.Cancellation;
import io.cutover.shell.spi.CommandException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The session's own connection lent to a comparison, read-only, and left as it was. Both queries
 * must see what the user's statements see: temp tables, role, every setting (TimeZone, DateStyle,
 * row_security, ...) and the open transaction's uncommitted rows; a pooled connection lent some of
 * these would miss the others. Outside a transaction the comparison runs in one REPEATABLE READ READ
 * ONLY transaction (both queries read one snapshot, whatever another session writes meanwhile),
 * rolled back at the end; inside the user's, in a savepoint made read-only and rolled back to. Each
 * step runs in a savepoint of its own, so a query that fails leaves the rest of a file to run and
 * the user's transaction as it was.
 */
public final class SessionReadOnly implements AutoCloseable {

  private static final String OUTER = "cutover_compare";
  private static final String STEP = "cutover_compare_step";

  private final Connection session;
  private final boolean ownTransaction;
  private final AutoCloseable cancelling;

  private SessionReadOnly(Connection session, boolean ownTransaction, AutoCloseable cancelling) {
    this.session = session;
    this.ownTransaction = ownTransaction;
    this.cancelling = cancelling;
  }

  /** A unit of work on the lent connection. */
  @FunctionalInterface
  public interface Step<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Ctrl-C cancels the statement running on the session (the shell cancels only its own).
   *
   * @throws CommandException when the session's transaction is aborted: nothing can run in it
   */
  public static SessionReadOnly enter(Connection session, Cancellation cancellation)
      throws SQLException, CommandException {
    refuseAborted(session);
    boolean own = session.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE;
    execute(session, own ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        : "SAVEPOINT " + OUTER + "; SET LOCAL transaction_read_only = on");
    PGConnection pg = session.unwrap(PGConnection.class);
    return new SessionReadOnly(session, own, cancellation.onCancel(() -> {
      try {
        pg.cancelQuery();
      } catch (SQLException e) {
        // Nothing running to cancel, or the connection is gone: the step's own error says which.
      }
    }));
  }

  /** Refuses a session whose transaction is aborted: nothing, not even the rewrite's catalog reads, can run in it. */
  public static void refuseAborted(Connection session) throws SQLException, CommandException {
    if (session.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED) {
      throw new CommandException("the session's transaction is aborted, so nothing can run in it",
          "End it with ROLLBACK, then run \\compare again.");
    }
  }

  /** Runs {@code step} in a savepoint: when it fails, the comparison's transaction is as before it. */
  public <T> T attempt(Step<T> step) throws SQLException {
    execute(session, "SAVEPOINT " + STEP);
    T result;
    try {
      result = step.run(session);
    } catch (SQLException e) {
      try {
        execute(session, "ROLLBACK TO SAVEPOINT " + STEP);
      } catch (SQLException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    execute(session, "RELEASE SAVEPOINT " + STEP);
    return result;
  }

  @Override
  public void close() throws SQLException {
    try {
      cancelling.close();
    } catch (Exception e) {
      // Only stops listening for Ctrl-C.
    }
    execute(session, ownTransaction ? "ROLLBACK"
        : "ROLLBACK TO SAVEPOINT " + OUTER + "; RELEASE SAVEPOINT " + OUTER);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
