package io.cutover.rewrite.compare;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The session's search_path lent to a pooled connection for a comparison: both queries must read
 * the tables the session's query would (a schema per tenant), and the pooled connection gets its
 * own back when the comparison ends, before it returns to the pool.
 */
public final class SessionSearchPath implements AutoCloseable {

  private final Connection borrowed;

  private SessionSearchPath(Connection borrowed) {
    this.borrowed = borrowed;
  }

  /** Gives {@code borrowed} the search_path {@code session} has now. */
  public static SessionSearchPath lend(Connection session, Connection borrowed) throws SQLException {
    String path;
    try (Statement st = session.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('search_path')")) {
      rs.next();
      path = rs.getString(1);
    }
    try (PreparedStatement ps = borrowed.prepareStatement("SELECT set_config('search_path', ?, false)")) {
      ps.setString(1, path);
      ps.execute();
    }
    return new SessionSearchPath(borrowed);
  }

  @Override
  public void close() throws SQLException {
    try (Statement st = borrowed.createStatement()) {
      st.execute("RESET search_path");
    }
  }
}
