package io.cutover.rewrite.compare;

import io.cutover.rewrite.Rewrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs a query and its rewrite on the live database, alternately, as many times each as the
 * repetitions ask, and compares the results of the first runs. Times are medians, measured side
 * by side; both are prepared statements, as the application runs them.
 */
public record Comparison(Rewrite rewrite, ResultDiff diff, double originalMs, double rewrittenMs,
    QueryRun original, QueryRun rewritten, int runs) {

  public static Comparison run(Connection c, Rewrite rewrite, Repetitions repetitions) throws SQLException {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    QueryRun first = null;
    QueryRun second = null;
    double totalA = 0;
    double totalB = 0;
    try (PreparedStatement original = QueryRun.prepare(c, rewrite.original());
         PreparedStatement rewritten = QueryRun.prepare(c, rewrite.sql())) {
      do {
        QueryRun x = QueryRun.of(c, original);
        QueryRun y = QueryRun.of(c, rewritten);
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
