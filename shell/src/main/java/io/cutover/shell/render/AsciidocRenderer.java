package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.List;

/** {@code \pset format asciidoc} (psql's print_asciidoc_text and _vertical). */
final class AsciidocRenderer implements TableRenderer {

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    PrintContent cont = PrintContent.of(table, settings);
    boolean vertical = settings.expanded() == Expanded.ON;
    StringBuilder out = new StringBuilder("\n");
    if (!cont.tuplesOnly() && cont.title() != null) {
      out.append('.').append(cont.title()).append('\n');
    }
    if (vertical) {
      out.append("[cols=\"h,l\"");
    } else {
      out.append(cont.tuplesOnly() ? "[cols=\"" : "[options=\"header\",cols=\"");
      for (int c = 0; c < cont.columnCount(); c++) {
        out.append(c == 0 ? "" : ",").append(cont.rightAligned()[c] ? ">l" : "<l");
      }
      out.append('"');
    }
    out.append(switch (settings.border()) {
      case 0 -> ",frame=\"none\",grid=\"none\"";
      case 1 -> ",frame=\"none\"";
      case 2 -> ",frame=\"all\",grid=\"all\"";
      default -> "";
    });
    out.append("]\n|====\n");
    if (vertical) {
      int record = 1;
      for (List<String> row : cont.rows()) {
        out.append(cont.tuplesOnly() ? "2+|\n" : "2+^|Record " + record++ + "\n");
        for (int c = 0; c < row.size(); c++) {
          out.append("<l|").append(escape(cont.headers().get(c)))
              .append(cont.rightAligned()[c] ? " >l|" : " <l|")
              .append(TableRenderer.isBlank(row.get(c)) ? " " : escape(row.get(c))).append('\n');
        }
      }
    } else {
      if (!cont.tuplesOnly()) {
        for (int c = 0; c < cont.columnCount(); c++) {
          out.append(c == 0 ? "" : " ").append("^l|").append(escape(cont.headers().get(c)));
        }
        out.append('\n');
      }
      for (List<String> row : cont.rows()) {
        for (int c = 0; c < row.size(); c++) {
          boolean last = c == row.size() - 1;
          out.append(c == 0 ? "|" : " |");
          if (!TableRenderer.isBlank(row.get(c))) {
            out.append(escape(row.get(c)));
          } else if (!last) {
            out.append(' ');
          }
        }
        out.append('\n');
      }
    }
    out.append("|====\n");
    List<String> footers = vertical ? cont.footers() : cont.footersWithDefault();
    if (!cont.tuplesOnly() && !footers.isEmpty()) {
      out.append("\n....\n");
      for (String f : footers) {
        out.append(f).append('\n');
      }
      out.append("....\n");
    }
    return out.toString();
  }

  private static String escape(String in) {
    return in.replace("|", "\\|");
  }
}
