package io.cutover.rewrite.compare;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGStatement;

/**
 * One run of a read query: its column names, its rows as the server's text, and how long it took
 * to run and fetch. Runs on the session's connection inside {@link SessionReadOnly}, so whatever
 * the query is, {@code \compare} never writes.
 */
record QueryRun(List<String> columns, List<List<String>> rows, double millis) {

  /**
   * The query prepared on the server from its first run, as an application's prepared statement
   * is: later runs reuse the plan, so the times compare executions, not planning.
   */
  static PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.unwrap(PGStatement.class).setPrepareThreshold(1);
    return ps;
  }

  static QueryRun of(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      return of(ps);
    }
  }

  static QueryRun of(PreparedStatement query) throws SQLException {
    long start = System.nanoTime();
    List<List<String>> rows = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = query.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
      }
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns.size());
        for (int i = 1; i <= columns.size(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return new QueryRun(columns, rows, (System.nanoTime() - start) / 1e6);
  }

  /**
   * The key lines of the plan: its nodes (scans, joins, aggregates, sorts) without costs or the
   * detail lines under them, which is what a reader compares side by side.
   */
  static List<String> explain(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    List<List<String>> rows = of(c, "EXPLAIN (COSTS false) " + sql).rows();
    for (int i = 0; i < rows.size(); i++) {
      String line = rows.get(i).get(0);
      if (i == 0 || line.stripLeading().startsWith("->") || line.stripLeading().startsWith("InitPlan")
          || line.stripLeading().startsWith("SubPlan")) {
        out.add(line);
      }
    }
    return out;
  }
}
