package io.cutover.shell.session;

import java.sql.SQLException;
import java.util.Set;

/** Tells, by SQLSTATE, whether a failure means the connection it ran on is gone. */
public final class ConnectionLoss {

  /** admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now: the server ended the session. */
  private static final Set<String> SERVER_ENDED = Set.of("57P01", "57P02", "57P03");

  private ConnectionLoss() {
  }

  /**
   * Whether {@code failure}, or any exception it wraps (a command that reports a lost connection
   * in its own words keeps the SQLException as its cause), says a connection was lost: class 08
   * or the server ending the session.
   */
  public static boolean isLost(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (SQLException e = t instanceof SQLException s ? s : null; e != null; e = e.getNextException()) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || SERVER_ENDED.contains(state))) {
          return true;
        }
      }
    }
    return false;
  }
}
