package io.cutover.rewrite.compare;

import io.cutover.rewrite.Rewrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs a query and its rewrite on the live database, alternately, as many times each as the
 * repetitions ask, and compares the results of the first runs. Times are medians, measured side
 * by side; both are prepared statements, as the application runs them.
 */
public record Comparison(Rewrite rewrite, ResultDiff diff, double originalMs, double rewrittenMs,
    QueryRun original, QueryRun rewritten, int runs) {

  /** Which of the two queries failed on the server. */
  public enum Side { ORIGINAL, REWRITTEN }

  /** A run that failed on the server: the user's query ({@link Side#ORIGINAL}) or the rewrite of it. */
  public static final class Failed extends SQLException {
    private final Side side;
    private final SQLException server;

    Failed(Side side, SQLException cause) {
      super(cause.getMessage(), cause.getSQLState(), cause);
      this.side = side;
      this.server = cause;
    }

    public Side side() {
      return side;
    }

    /** The server's error as it came, for the shell to print like any other. */
    public SQLException server() {
      return server;
    }

    /** The server's primary message, without its severity. */
    public String primaryMessage() {
      ServerErrorMessage m = server instanceof PSQLException p ? p.getServerErrorMessage() : null;
      return m != null && m.getMessage() != null ? m.getMessage() : server.getMessage();
    }
  }

  public static Comparison run(Connection c, Rewrite rewrite, Repetitions repetitions) throws SQLException {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    QueryRun first = null;
    QueryRun second = null;
    double totalA = 0;
    double totalB = 0;
    try (PreparedStatement original = prepare(c, rewrite.original(), Side.ORIGINAL);
         PreparedStatement rewritten = prepare(c, rewrite.sql(), Side.REWRITTEN)) {
      do {
        QueryRun x = run(original, Side.ORIGINAL);
        QueryRun y = run(rewritten, Side.REWRITTEN);
        first = first == null ? x : first;
        second = second == null ? y : second;
        a.add(x.millis());
        b.add(y.millis());
        totalA += x.millis();
        totalB += y.millis();
      } while (!repetitions.enough(a.size(), totalA, totalB));
    }
    return new Comparison(rewrite, ResultDiff.of(first, second, rewrite.ordered()), median(a), median(b), first, second,
        a.size());
  }

  private static PreparedStatement prepare(Connection c, String sql, Side side) throws Failed {
    try {
      return QueryRun.prepare(c, sql);
    } catch (SQLException e) {
      throw new Failed(side, e);
    }
  }

  private static QueryRun run(PreparedStatement query, Side side) throws Failed {
    try {
      return QueryRun.of(query);
    } catch (SQLException e) {
      throw new Failed(side, e);
    }
  }

  public double ratio() {
    return originalMs == 0 ? 1 : rewrittenMs / originalMs;
  }

  public String summary() {
    return diff.summary();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
