package io.cutover.migration.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One value from a one-row query, or one update, its parameters bound in order: the shape of most state reads and writes. */
public final class SqlValues {

  private SqlValues() {
  }

  /** The first column of the first row, as {@code type} (Boolean, Long, String, ...). */
  public static <T> T one(Connection c, Class<T> type, String query, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no row from a query that returns one: " + query.strip().lines().findFirst().orElse(""));
        }
        // Text of any type (a count, a key) as psql shows it; pgjdbc converts to String from text types only.
        return type == String.class ? type.cast(rs.getString(1)) : rs.getObject(1, type);
      }
    }
  }

  /** The first column of every row, as text. */
  public static java.util.List<String> list(Connection c, String query, Object... params) throws SQLException {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Runs one INSERT, UPDATE or DELETE, its parameters bound in order. */
  public static void update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }
}
