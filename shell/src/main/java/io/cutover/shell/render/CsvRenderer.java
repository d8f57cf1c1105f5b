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
        out.append(',');
      }
      String v = values.get(i);
      out.append(v == null ? settings.nullDisplay() : quote(v));
    }
    out.append('\n');
  }

  private static String quote(String v) {
    boolean needs = v.isEmpty() ? false : v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0 || Character.isWhitespace(v.charAt(0)) || Character.isWhitespace(v.charAt(v.length() - 1));
    return needs ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
