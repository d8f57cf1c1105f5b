package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.List;

/**
 * {@code \pset format latex-longtable} (psql's print_latex_longtable_text): {@code \pset tableattr}
 * gives the widths of left-aligned columns, as fractions of the text width, in order.
 */
final class LatexLongtableRenderer implements TableRenderer {

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    PrintContent cont = PrintContent.of(table, settings);
    if (settings.expanded() == Expanded.ON) {
      return LatexRenderer.vertical(cont);
    }
    int border = Math.min(settings.border(), 3);
    StringBuilder out = new StringBuilder("\\begin{longtable}{");
    if (border >= 2) {
      out.append("| ");
    }
    String[] widths = settings.tableAttr() == null ? null : settings.tableAttr().strip().split("[ \t\n]+");
    int nextWidth = 0;
    for (int c = 0; c < cont.columnCount(); c++) {
      if (!cont.rightAligned()[c] && widths != null) {
        if (nextWidth < widths.length && !widths[nextWidth].isEmpty()) {
          out.append("p{").append(widths[nextWidth++]).append("\\textwidth}");
        } else if (nextWidth > 0) {
          out.append("p{").append(widths[nextWidth - 1]).append("\\textwidth}");
        } else {
          out.append('l');
        }
      } else {
        out.append(cont.rightAligned()[c] ? 'r' : 'l');
      }
      if (border != 0 && c < cont.columnCount() - 1) {
        out.append(" | ");
      }
    }
    if (border >= 2) {
      out.append(" |");
    }
    out.append("}\n");
    if (!cont.tuplesOnly()) {
      headers(cont, border, out);
      out.append("\\midrule\n\\endfirsthead\n");
      headers(cont, border, out);
      if (border != 3) {
        out.append("\\midrule\n");
      }
      out.append("\\endhead\n");
      if (cont.title() != null) {
        String title = LatexRenderer.escape(cont.title());
        if (border == 2) {
          out.append("\\bottomrule\n");
        }
        out.append("\\caption[").append(title).append(" (Continued)]{").append(title).append("}\n\\endfoot\n");
        if (border == 2) {
          out.append("\\bottomrule\n");
        }
        out.append("\\caption[").append(title).append("]{").append(title).append("}\n\\endlastfoot\n");
      } else if (border >= 2) {
        out.append("\\bottomrule\n\\endfoot\n\\bottomrule\n\\endlastfoot\n");
      }
    }
    for (List<String> row : cont.rows()) {
      for (int c = 0; c < row.size(); c++) {
        if (c != 0) {
          out.append("\n&\n");
        }
        out.append("\\raggedright{").append(LatexRenderer.escape(row.get(c))).append('}');
      }
      out.append(" \\tabularnewline\n");
      if (border == 3) {
        out.append(" \\hline\n");
      }
    }
    return out.append("\\end{longtable}\n").toString();
  }

  private static void headers(PrintContent cont, int border, StringBuilder out) {
    if (border >= 2) {
      out.append("\\toprule\n");
    }
    for (int c = 0; c < cont.columnCount(); c++) {
      out.append(c == 0 ? "" : " & ").append("\\small\\textbf{\\textit{")
          .append(LatexRenderer.escape(cont.headers().get(c))).append("}}");
    }
    out.append(" \\\\\n");
  }
}
