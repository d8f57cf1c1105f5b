package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table as every format prints it (psql's printTableContent): headers, right alignment, the text of
 * each cell (NULL already shown as {@code \pset null}), the title and the footers.
 *
 * @param rows the cells, none when there are no columns (as psql's array of cells is then empty)
 * @param rowCount how many rows the result has, for the default footer
 * @param footers the table's own footers
 * @param defaultFooter whether {@code (N rows)} is printed when the table has no footers of its own
 */
record PrintContent(String title, List<String> headers, boolean[] rightAligned, List<List<String>> rows,
                    int rowCount, List<String> footers, boolean defaultFooter, PrintSettings settings) {

  static PrintContent of(ResultTable table, PrintSettings settings) {
    int n = table.columns().size();
    List<String> headers = new ArrayList<>(n);
    boolean[] right = new boolean[n];
    for (int c = 0; c < n; c++) {
      headers.add(table.columns().get(c).name());
      right[c] = table.columns().get(c).numeric();
    }
    List<List<String>> rows = new ArrayList<>(table.rows().size());
    for (List<String> row : table.rows()) {
      List<String> shown = new ArrayList<>(n);
      for (int c = 0; c < n; c++) {
        String v = row.get(c);
        shown.add(v == null ? settings.nullDisplay()
            : right[c] && settings.numericLocale() ? NumericLocale.format(v) : v);
      }
      rows.add(shown);
    }
    List<String> footers = table.footer() == null || table.footer().isEmpty() ? List.of()
        : Arrays.asList(table.footer().split("\n", -1));
    return new PrintContent(table.title(), headers, right, n == 0 ? List.of() : rows, table.rows().size(), footers,
        table.footer() == null, settings);
  }

  int columnCount() {
    return headers.size();
  }

  boolean tuplesOnly() {
    return settings.tuplesOnly();
  }

  /**
   * The footers to print: the table's own, else {@code (N rows)} unless {@code \pset footer off}
   * (psql's footers_with_default). Expanded formats number the records and print only the table's own.
   */
  List<String> footersWithDefault() {
    if (footers.isEmpty() && defaultFooter && settings.footer()) {
      return List.of(rowCount == 1 ? "(1 row)" : "(" + rowCount + " rows)");
    }
    return footers;
  }
}
