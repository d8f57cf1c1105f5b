package io.cutover.rewrite.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether two results are the same: as lists when the query orders all its output, as multisets
 * otherwise; column names and order must match too.
 *
 * @param columnsProblem why the columns differ, or null
 */
public record ResultDiff(String columnsProblem, List<List<String>> onlyInOriginal, List<List<String>> onlyInRewritten,
    int firstOutOfOrder) {

  public boolean equal() {
    return columnsProblem == null && onlyInOriginal.isEmpty() && onlyInRewritten.isEmpty() && firstOutOfOrder < 0;
  }

  static ResultDiff of(QueryRun original, QueryRun rewritten, boolean ordered) {
    String columns = original.columns().equals(rewritten.columns()) ? null
        : "columns differ: " + original.columns() + " vs " + rewritten.columns();
    Map<List<String>, Integer> counts = new HashMap<>();
    for (List<String> r : original.rows()) {
      counts.merge(r, 1, Integer::sum);
    }
    List<List<String>> onlyRewritten = new ArrayList<>();
    for (List<String> r : rewritten.rows()) {
      Integer n = counts.get(r);
      if (n == null || n == 0) {
        onlyRewritten.add(r);
      } else {
        counts.put(r, n - 1);
      }
    }
    List<List<String>> onlyOriginal = new ArrayList<>();
    for (List<String> r : original.rows()) {
      Integer n = counts.get(r);
      if (n != null && n > 0) {
        onlyOriginal.add(r);
        counts.put(r, n - 1);
      }
    }
    int outOfOrder = -1;
    if (ordered && onlyOriginal.isEmpty() && onlyRewritten.isEmpty()) {
      for (int i = 0; i < original.rows().size(); i++) {
        if (!original.rows().get(i).equals(rewritten.rows().get(i))) {
          outOfOrder = i;
          break;
        }
      }
    }
    return new ResultDiff(columns, onlyOriginal, onlyRewritten, outOfOrder);
  }

  String summary() {
    if (columnsProblem != null) {
      return columnsProblem;
    }
    if (firstOutOfOrder >= 0) {
      return "same rows in another order (from row " + (firstOutOfOrder + 1) + "), and the query orders all its output";
    }
    return onlyInOriginal.size() + " rows only in the original, " + onlyInRewritten.size() + " only in the rewritten";
  }
}
