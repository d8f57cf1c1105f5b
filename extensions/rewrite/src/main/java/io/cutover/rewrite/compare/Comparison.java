package io.cutover.rewrite.compare;

import io.cutover.rewrite.Rewrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs a query and its rewrite on the live database, alternately, {@code runs} times each, and
 * compares the results of the first runs. Times are medians, measured side by side; both are
 * prepared statements, as the application runs them.
 */
public record Comparison(Rewrite rewrite, ResultDiff diff, double originalMs, double rewrittenMs,
    QueryRun original, QueryRun rewritten) {

  public static Comparison run(Connection c, Rewrite rewrite, int runs) throws SQLException {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    QueryRun first = null;
    QueryRun second = null;
    try (PreparedStatement original = QueryRun.prepare(c, rewrite.original());
         PreparedStatement rewritten = QueryRun.prepare(c, rewrite.sql())) {
      for (int i = 0; i < runs; i++) {
        QueryRun x = QueryRun.of(c, original);
        QueryRun y = QueryRun.of(c, rewritten);
        first = first == null ? x : first;
        second = second == null ? y : second;
        a.add(x.millis());
        b.add(y.millis());
      }
    }
    return new Comparison(rewrite, ResultDiff.of(first, second, rewrite.ordered()), median(a), median(b), first, second);
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
