package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.List;

/** {@code \pset format unaligned}: values joined by the field separator, header and footer kept. */
final class UnalignedRenderer implements TableRenderer {

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    StringBuilder out = new StringBuilder();
    String sep = settings.fieldSeparator();
    if (settings.expanded() == Expanded.ON) {
      for (int r = 0; r < table.rows().size(); r++) {
        if (r > 0) {
          out.append('\n');
        }
        List<String> row = table.rows().get(r);
        for (int c = 0; c < row.size(); c++) {
          out.append(table.columns().get(c).name()).append(sep).append(value(row.get(c), settings)).append('\n');
        }
      }
      return out.toString();
    }
    if (!settings.tuplesOnly()) {
      out.append(String.join(sep, table.columns().stream().map(ResultTable.Column::name).toList())).append('\n');
    }
    for (List<String> row : table.rows()) {
      out.append(String.join(sep, row.stream().map(v -> value(v, settings)).toList())).append('\n');
    }
    if (settings.footer() && !settings.tuplesOnly() && !TableRenderer.footer(table).isEmpty()) {
      out.append(TableRenderer.footer(table)).append('\n');
    }
    return out.toString();
  }

  private static String value(String v, PrintSettings settings) {
    return v == null ? settings.nullDisplay() : v;
  }
}
