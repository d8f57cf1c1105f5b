package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.List;

/** {@code \pset format csv}: RFC 4180, a header line unless tuples only, no footer (as psql). */
final class CsvRenderer implements TableRenderer {

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    StringBuilder out = new StringBuilder();
    if (!settings.tuplesOnly()) {
      line(table.columns().stream().map(ResultTable.Column::name).toList(), settings, out);
    }
    for (List<String> row : table.rows()) {
      line(row, settings, out);
    }
    return out.toString();
  }

  private static void line(List<String> values, PrintSettings settings, StringBuilder out) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(settings.csvFieldSeparator());
      }
      String v = values.get(i);
      out.append(quote(v == null ? settings.nullDisplay() : v, settings.csvFieldSeparator()));
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
