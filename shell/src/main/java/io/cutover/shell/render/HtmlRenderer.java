package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.List;

/** {@code \pset format html} (psql's print_html_text and _vertical). */
final class HtmlRenderer implements TableRenderer {

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    PrintContent cont = PrintContent.of(table, settings);
    boolean vertical = settings.expanded() == Expanded.ON;
    StringBuilder out = new StringBuilder();
    out.append("<table border=\"").append(settings.border()).append('"');
    if (settings.tableAttr() != null) {
      out.append(' ').append(settings.tableAttr());
    }
    out.append(">\n");
    if (!cont.tuplesOnly() && cont.title() != null) {
      out.append("  <caption>").append(escape(cont.title())).append("</caption>\n");
    }
    if (vertical) {
      int record = 1;
      for (List<String> row : cont.rows()) {
        out.append(cont.tuplesOnly() ? "\n  <tr><td colspan=\"2\">&nbsp;</td></tr>\n"
            : "\n  <tr><td colspan=\"2\" align=\"center\">Record " + record++ + "</td></tr>\n");
        for (int c = 0; c < row.size(); c++) {
          out.append("  <tr valign=\"top\">\n    <th>").append(escape(cont.headers().get(c))).append("</th>\n");
          cell(row.get(c), cont.rightAligned()[c], out);
          out.append("</td>\n  </tr>\n");
        }
      }
    } else {
      if (!cont.tuplesOnly()) {
        out.append("  <tr>\n");
        for (String h : cont.headers()) {
          out.append("    <th align=\"center\">").append(escape(h)).append("</th>\n");
        }
        out.append("  </tr>\n");
      }
      for (List<String> row : cont.rows()) {
        out.append("  <tr valign=\"top\">\n");
        for (int c = 0; c < row.size(); c++) {
          cell(row.get(c), cont.rightAligned()[c], out);
          out.append("</td>\n");
        }
        out.append("  </tr>\n");
      }
    }
    out.append("</table>\n");
    List<String> footers = vertical ? cont.footers() : cont.footersWithDefault();
    if (!cont.tuplesOnly() && !footers.isEmpty()) {
      out.append("<p>");
      for (String f : footers) {
        out.append(escape(f)).append("<br />\n");
      }
      out.append("</p>");
    }
    return out.append('\n').toString();
  }

  private static void cell(String value, boolean right, StringBuilder out) {
    out.append("    <td align=\"").append(right ? "right" : "left").append("\">");
    out.append(TableRenderer.isBlank(value) ? "&nbsp; " : escape(value));
  }

  /** psql's html_escaped_print: markup characters as entities, leading spaces as {@code &nbsp;}. */
  private static String escape(String in) {
    StringBuilder out = new StringBuilder(in.length());
    boolean leadingSpace = true;
    for (int i = 0; i < in.length(); i++) {
      char ch = in.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\n' -> out.append("<br />\n");
        case '"' -> out.append("&quot;");
        case ' ' -> out.append(leadingSpace ? "&nbsp;" : " ");
        default -> out.append(ch);
      }
      if (ch != ' ') {
        leadingSpace = false;
      }
    }
    return out.toString();
  }
}
