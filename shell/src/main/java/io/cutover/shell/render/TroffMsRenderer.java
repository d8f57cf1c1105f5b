package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.List;

/** {@code \pset format troff-ms} (psql's print_troff_ms_text and _vertical): a tbl table for the -ms macros. */
final class TroffMsRenderer implements TableRenderer {

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    PrintContent cont = PrintContent.of(table, settings);
    int border = Math.min(settings.border(), 2);
    boolean vertical = settings.expanded() == Expanded.ON;
    StringBuilder out = new StringBuilder();
    if (!cont.tuplesOnly() && cont.title() != null) {
      out.append(".LP\n.DS C\n").append(escape(cont.title())).append("\n.DE\n");
    }
    out.append(".LP\n.TS\n").append(border == 2 ? "center box;\n" : "center;\n");
    if (vertical) {
      if (cont.tuplesOnly()) {
        out.append("c l;\n");
      }
      // 0: no tbl format line yet, 1: the record heading's, 2: the fields'
      int current = 0;
      int record = 1;
      for (List<String> row : cont.rows()) {
        if (!cont.tuplesOnly()) {
          if (current != 1) {
            if (border == 2 && record > 1) {
              out.append("_\n");
            }
            if (current != 0) {
              out.append(".T&\n");
            }
            out.append("c s.\n");
            current = 1;
          }
          out.append("\\fIRecord ").append(record++).append("\\fP\n");
        }
        if (border >= 1) {
          out.append("_\n");
        }
        for (int c = 0; c < row.size(); c++) {
          if (!cont.tuplesOnly() && current != 2) {
            if (current != 0) {
              out.append(".T&\n");
            }
            out.append(border != 1 ? "c l.\n" : "c | l.\n");
            current = 2;
          }
          out.append(escape(cont.headers().get(c))).append('\t').append(escape(row.get(c))).append('\n');
        }
      }
    } else {
      for (int c = 0; c < cont.columnCount(); c++) {
        out.append(cont.rightAligned()[c] ? 'r' : 'l');
        if (border > 0 && c < cont.columnCount() - 1) {
          out.append(" | ");
        }
      }
      out.append(".\n");
      if (!cont.tuplesOnly()) {
        for (int c = 0; c < cont.columnCount(); c++) {
          out.append(c == 0 ? "" : "\t").append("\\fI").append(escape(cont.headers().get(c))).append("\\fP");
        }
        out.append("\n_\n");
      }
      for (List<String> row : cont.rows()) {
        for (int c = 0; c < row.size(); c++) {
          out.append(escape(row.get(c))).append(c < row.size() - 1 ? '\t' : '\n');
        }
      }
    }
    out.append(".TE\n.DS L\n");
    if (!cont.tuplesOnly()) {
      for (String f : vertical ? cont.footers() : cont.footersWithDefault()) {
        out.append(escape(f)).append('\n');
      }
    }
    return out.append(".DE\n").toString();
  }

  private static String escape(String in) {
    return in.replace("\\", "\\(rs");
  }
}
