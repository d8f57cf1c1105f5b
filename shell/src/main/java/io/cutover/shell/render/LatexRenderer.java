package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.List;

/**
 * {@code \pset format latex} (psql's print_latex_text and _vertical), and the expanded form of
 * latex-longtable; border 3 rules every row.
 */
final class LatexRenderer implements TableRenderer {

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    PrintContent cont = PrintContent.of(table, settings);
    return settings.expanded() == Expanded.ON ? vertical(cont) : text(cont);
  }

  private static String text(PrintContent cont) {
    int border = Math.min(cont.settings().border(), 3);
    StringBuilder out = new StringBuilder();
    title(cont, out);
    out.append("\\begin{tabular}{");
    if (border >= 2) {
      out.append("| ");
    }
    for (int c = 0; c < cont.columnCount(); c++) {
      out.append(cont.rightAligned()[c] ? 'r' : 'l');
      if (border != 0 && c < cont.columnCount() - 1) {
        out.append(" | ");
      }
    }
    if (border >= 2) {
      out.append(" |");
    }
    out.append("}\n");
    if (!cont.tuplesOnly() && border >= 2) {
      out.append("\\hline\n");
    }
    if (!cont.tuplesOnly()) {
      for (int c = 0; c < cont.columnCount(); c++) {
        out.append(c == 0 ? "" : " & ").append("\\textit{").append(escape(cont.headers().get(c))).append('}');
      }
      out.append(" \\\\\n\\hline\n");
    }
    for (List<String> row : cont.rows()) {
      for (int c = 0; c < row.size(); c++) {
        out.append(escape(row.get(c)));
        out.append(c < row.size() - 1 ? " & " : " \\\\\n");
      }
      if (border == 3) {
        out.append("\\hline\n");
      }
    }
    if (border == 2) {
      out.append("\\hline\n");
    }
    out.append("\\end{tabular}\n\n\\noindent ");
    if (!cont.tuplesOnly()) {
      for (String f : cont.footersWithDefault()) {
        out.append(escape(f)).append(" \\\\\n");
      }
    }
    return out.append('\n').toString();
  }

  static String vertical(PrintContent cont) {
    int border = Math.min(cont.settings().border(), 2);
    StringBuilder out = new StringBuilder();
    title(cont, out);
    out.append("\\begin{tabular}{").append(border == 0 ? "cl" : border == 1 ? "c|l" : "|c|l|").append("}\n");
    int record = 1;
    for (List<String> row : cont.rows()) {
      if (!cont.tuplesOnly()) {
        if (border == 2) {
          out.append("\\hline\n\\multicolumn{2}{|c|}{\\textit{Record ").append(record++).append("}} \\\\\n");
        } else {
          out.append("\\multicolumn{2}{c}{\\textit{Record ").append(record++).append("}} \\\\\n");
        }
      }
      if (border >= 1) {
        out.append("\\hline\n");
      }
      for (int c = 0; c < row.size(); c++) {
        out.append(escape(cont.headers().get(c))).append(" & ").append(escape(row.get(c))).append(" \\\\\n");
      }
    }
    if (border == 2) {
      out.append("\\hline\n");
    }
    out.append("\\end{tabular}\n\n\\noindent ");
    if (!cont.tuplesOnly()) {
      for (String f : cont.footers()) {
        out.append(escape(f)).append(" \\\\\n");
      }
    }
    return out.append('\n').toString();
  }

  private static void title(PrintContent cont, StringBuilder out) {
    if (!cont.tuplesOnly() && cont.title() != null) {
      out.append("\\begin{center}\n").append(escape(cont.title())).append("\n\\end{center}\n\n");
    }
  }

  /** psql's latex_escaped_print: the characters LaTeX reads as markup, escaped. */
  static String escape(String in) {
    StringBuilder out = new StringBuilder(in.length());
    for (int i = 0; i < in.length(); i++) {
      char ch = in.charAt(i);
      out.append(switch (ch) {
        case '#' -> "\\#";
        case '$' -> "\\$";
        case '%' -> "\\%";
        case '&' -> "\\&";
        case '<' -> "\\textless{}";
        case '>' -> "\\textgreater{}";
        case '\\' -> "\\textbackslash{}";
        case '^' -> "\\^{}";
        case '_' -> "\\_";
        case '{' -> "\\{";
        case '|' -> "\\textbar{}";
        case '}' -> "\\}";
        case '~' -> "\\~{}";
        case '\n' -> "\\\\";
        default -> String.valueOf(ch);
      });
    }
    return out.toString();
  }
}
