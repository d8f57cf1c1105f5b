package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.ArrayList;
import java.util.List;

/** psql's default format (border 1), and its expanded form for {@code \x}. */
final class AlignedRenderer implements TableRenderer {

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    List<String[][]> cells = cells(table, settings);
    int[] widths = widths(table, cells);
    boolean expand = switch (settings.expanded()) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> settings.width() > 0 && totalWidth(widths) > settings.width();
    };
    StringBuilder out = new StringBuilder();
    if (table.title() != null && !settings.tuplesOnly()) {
      int total = expand ? table.title().length() : totalWidth(widths);
      out.append(DisplayWidth.padLeft(table.title(), (total + DisplayWidth.of(table.title())) / 2).stripTrailing())
          .append('\n');
    }
    if (expand) {
      renderExpanded(table, cells, settings, out);
    } else {
      renderAligned(table, cells, widths, settings, out);
    }
    return out.toString();
  }

  private static void renderAligned(ResultTable table, List<String[][]> cells, int[] widths, PrintSettings settings,
                                    StringBuilder out) {
    int n = widths.length;
    if (!settings.tuplesOnly()) {
      StringBuilder header = new StringBuilder();
      StringBuilder rule = new StringBuilder();
      for (int c = 0; c < n; c++) {
        String name = table.columns().get(c).name();
        int left = (widths[c] - DisplayWidth.of(name)) / 2;
        String centered = DisplayWidth.pad(" ".repeat(left) + name, widths[c]);
        header.append(c == 0 ? " " : "| ").append(centered).append(' ');
        rule.append(c == 0 ? "" : "+").append("-".repeat(widths[c] + 2));
      }
      out.append(header).append('\n').append(rule).append('\n');
    }
    for (String[][] row : cells) {
      int height = 1;
      for (String[] lines : row) {
        height = Math.max(height, lines.length);
      }
      for (int l = 0; l < height; l++) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < n; c++) {
          String[] lines = row[c];
          String text = l < lines.length ? lines[l] : "";
          boolean continues = l < lines.length - 1;
          boolean last = c == n - 1;
          line.append(c == 0 ? " " : "| ");
          if (table.columns().get(c).numeric()) {
            line.append(DisplayWidth.padLeft(text, widths[c]));
          } else {
            line.append(last && !continues ? text : DisplayWidth.pad(text, widths[c]));
          }
          if (continues) {
            line.append('+');
          } else if (!last) {
            line.append(' ');
          }
        }
        out.append(line).append('\n');
      }
    }
    if (settings.footer() && !settings.tuplesOnly() && !TableRenderer.footer(table).isEmpty()) {
      out.append(TableRenderer.footer(table)).append('\n');
    }
    out.append('\n');
  }

  private static void renderExpanded(ResultTable table, List<String[][]> cells, PrintSettings settings,
                                     StringBuilder out) {
    int nameWidth = 0;
    for (ResultTable.Column col : table.columns()) {
      nameWidth = Math.max(nameWidth, DisplayWidth.of(col.name()));
    }
    int valueWidth = 0;
    for (String[][] row : cells) {
      for (String[] lines : row) {
        for (String l : lines) {
          valueWidth = Math.max(valueWidth, DisplayWidth.of(l));
        }
      }
    }
    if (cells.isEmpty() && !settings.tuplesOnly()) {
      out.append("(0 rows)\n");
    }
    for (int r = 0; r < cells.size(); r++) {
      if (!settings.tuplesOnly()) {
        String head = "-[ RECORD " + (r + 1) + " ]";
        if (head.length() <= nameWidth + 1) {
          head = head + "-".repeat(nameWidth + 1 - head.length()) + "+" + "-".repeat(valueWidth + 1);
        } else {
          head = head + "-".repeat(Math.max(0, nameWidth + 3 + valueWidth - head.length()));
        }
        out.append(head).append('\n');
      } else if (r > 0) {
        out.append('\n');
      }
      String[][] row = cells.get(r);
      for (int c = 0; c < row.length; c++) {
        String[] lines = row[c];
        for (int l = 0; l < lines.length; l++) {
          String label = l == 0 ? table.columns().get(c).name() : "";
          boolean continues = l < lines.length - 1;
          out.append(DisplayWidth.pad(label, nameWidth)).append(" | ").append(lines[l]);
          if (continues) {
            out.append('+');
          }
          out.append('\n');
        }
      }
    }
    out.append('\n');
  }

  private static List<String[][]> cells(ResultTable table, PrintSettings settings) {
    List<String[][]> out = new ArrayList<>(table.rows().size());
    for (List<String> row : table.rows()) {
      String[][] r = new String[row.size()][];
      for (int c = 0; c < row.size(); c++) {
        String v = row.get(c) == null ? settings.nullDisplay() : row.get(c);
        r[c] = v.split("\r?\n", -1);
      }
      out.add(r);
    }
    return out;
  }

  private static int[] widths(ResultTable table, List<String[][]> cells) {
    int[] w = new int[table.columns().size()];
    for (int c = 0; c < w.length; c++) {
      w[c] = DisplayWidth.of(table.columns().get(c).name());
    }
    for (String[][] row : cells) {
      for (int c = 0; c < row.length && c < w.length; c++) {
        for (String line : row[c]) {
          w[c] = Math.max(w[c], DisplayWidth.of(line));
        }
      }
    }
    return w;
  }

  private static int totalWidth(int[] widths) {
    int total = 0;
    for (int w : widths) {
      total += w + 3;
    }
    return Math.max(0, total - 1);
  }
}
