package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.List;

/**
 * {@code \pset format csv} (psql's print_csv_text and _vertical): a header line unless tuples only,
 * never a title or footer; expanded, one {@code name,value} line per column.
 */
final class CsvRenderer implements TableRenderer {

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    PrintContent cont = PrintContent.of(table, settings);
    char sep = settings.csvFieldSeparator();
    StringBuilder out = new StringBuilder();
    if (settings.expanded() == Expanded.ON) {
      for (List<String> row : cont.rows()) {
        for (int c = 0; c < row.size(); c++) {
          out.append(quote(cont.headers().get(c), sep)).append(sep).append(quote(row.get(c), sep)).append('\n');
        }
      }
      return out.toString();
    }
    if (!cont.tuplesOnly()) {
      line(cont.headers(), sep, out);
    }
    for (List<String> row : cont.rows()) {
      line(row, sep, out);
    }
    return out.toString();
  }

  private static void line(List<String> values, char sep, StringBuilder out) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(sep);
      }
      out.append(quote(values.get(i), sep));
    }
    out.append('\n');
  }

  /**
   * Quoted as psql quotes: when the value holds the separator, a quote or a line break, is
   * {@code \.}, or the separator is {@code \} or {@code .} (no line may read as COPY's end of data).
   */
  private static String quote(String v, char separator) {
    boolean needs = v.indexOf(separator) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
        || v.equals("\\.") || separator == '\\' || separator == '.';
    return needs ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
