package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.ArrayList;
import java.util.List;

/**
 * psql's aligned and wrapped formats (print_aligned_text): borders 0, 1 and 2 in the {@code \pset
 * linestyle}, values with newlines on several lines, and in the wrapped format the widest columns
 * wrapped to fit {@code \pset columns} or the terminal. Expanded output is {@link VerticalRenderer}'s.
 */
final class AlignedRenderer implements TableRenderer {

  /** How a column's next line continues its value. */
  private enum Wrap { NONE, WRAP, NEWLINE }

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    PrintContent cont = PrintContent.of(table, settings);
    if (settings.expanded() == Expanded.ON) {
      return VerticalRenderer.render(cont);
    }
    int border = Math.min(settings.border(), 2);
    TextFormat format = settings.textFormat();
    TextFormat.Rule dformat = format.data();
    int n = cont.columnCount();
    int[] widthHeader = new int[n];
    int[] maxWidth = new int[n];
    int[] widthAverage = new int[n];
    List<List<CellText.Line>> headers = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      List<CellText.Line> lines = CellText.lines(cont.headers().get(c));
      headers.add(lines);
      widthHeader[c] = CellText.width(lines);
      maxWidth[c] = widthHeader[c];
    }
    List<List<List<CellText.Line>>> cells = new ArrayList<>(cont.rows().size());
    for (List<String> row : cont.rows()) {
      List<List<CellText.Line>> formatted = new ArrayList<>(n);
      for (int c = 0; c < n; c++) {
        List<CellText.Line> lines = CellText.lines(row.get(c));
        formatted.add(lines);
        int w = CellText.width(lines);
        maxWidth[c] = Math.max(maxWidth[c], w);
        widthAverage[c] += w;
      }
      cells.add(formatted);
    }
    if (n > 0 && !cells.isEmpty()) {
      for (int c = 0; c < n; c++) {
        widthAverage[c] /= cells.size();
      }
    }
    int widthTotal = border == 0 ? n : border == 1 ? n * 3 - (n > 0 ? 1 : 0) : n * 3 + 1;
    int totalHeaderWidth = widthTotal;
    for (int c = 0; c < n; c++) {
      widthTotal += maxWidth[c];
      totalHeaderWidth += widthHeader[c];
    }
    int[] widthWrap = maxWidth.clone();
    int outputColumns = settings.outputColumns();
    if (settings.format() == OutputFormat.WRAPPED && outputColumns > 0 && outputColumns >= totalHeaderWidth) {
      // Shrink, one column at a time, the column whose widest value is furthest above its average.
      while (widthTotal > outputColumns) {
        double maxRatio = 0;
        int worst = -1;
        for (int c = 0; c < n; c++) {
          if (widthAverage[c] != 0 && widthWrap[c] > widthHeader[c]) {
            double ratio = (double) widthWrap[c] / widthAverage[c] + maxWidth[c] * 0.01;
            if (ratio > maxRatio) {
              maxRatio = ratio;
              worst = c;
            }
          }
        }
        if (worst == -1) {
          break;
        }
        widthWrap[worst]--;
        widthTotal--;
      }
    }
    if (settings.expanded() == Expanded.AUTO && outputColumns > 0 && n > 1
        && (outputColumns < totalHeaderWidth || outputColumns < widthTotal)) {
      return VerticalRenderer.render(cont);
    }

    StringBuilder out = new StringBuilder();
    if (cont.title() != null && !cont.tuplesOnly()) {
      int width = CellText.width(CellText.lines(cont.title()));
      if (width >= widthTotal) {
        out.append(cont.title()).append('\n');
      } else {
        out.append(" ".repeat((widthTotal - width) / 2)).append(cont.title()).append('\n');
      }
    }
    if (!cont.tuplesOnly()) {
      if (border == 2) {
        horizontalLine(widthWrap, border, format.top(), out);
      }
      boolean[] headerDone = new boolean[n];
      int remaining = n;
      for (int line = 0; remaining > 0; line++) {
        if (border == 2) {
          out.append(dformat.leftvrule());
        }
        for (int c = 0; c < n; c++) {
          if (border != 0 || (!format.wrapRightBorder() && c > 0)) {
            out.append(line > 0 ? format.headerNlLeft() : " ");
          }
          if (!headerDone[c]) {
            CellText.Line l = headers.get(c).get(line);
            int spaces = widthWrap[c] - l.width();
            out.append(" ".repeat(Math.max(0, spaces / 2))).append(l.text())
                .append(" ".repeat(Math.max(0, (spaces + 1) / 2)));
            if (line + 1 >= headers.get(c).size()) {
              remaining--;
              headerDone[c] = true;
            }
          } else {
            out.append(" ".repeat(widthWrap[c]));
          }
          if (border != 0 || format.wrapRightBorder()) {
            out.append(!headerDone[c] ? format.headerNlRight() : " ");
          }
          if (border != 0 && c < n - 1) {
            out.append(dformat.midvrule());
          }
        }
        if (border == 2) {
          out.append(dformat.rightvrule());
        }
        out.append('\n');
      }
      horizontalLine(widthWrap, border, format.middle(), out);
    }

    Wrap[] wrap = new Wrap[n];
    java.util.Arrays.fill(wrap, Wrap.NONE);
    for (List<List<CellText.Line>> row : cells) {
      int[] currLine = new int[n];
      int[] offset = new int[n];
      boolean moreLines;
      do {
        moreLines = false;
        if (border == 2) {
          out.append(dformat.leftvrule());
        }
        for (int c = 0; c < n; c++) {
          List<CellText.Line> lines = row.get(c);
          int charsToOutput = widthWrap[c];
          boolean finalSpaces = border == 2 || c < n - 1;
          if (border != 0) {
            out.append(wrap[c] == Wrap.WRAP ? format.wrapLeft() : wrap[c] == Wrap.NEWLINE ? format.nlLeft() : " ");
          }
          if (currLine[c] >= lines.size()) {
            if (finalSpaces) {
              out.append(" ".repeat(charsToOutput));
            }
          } else {
            String text = lines.get(currLine[c]).text();
            int[] fit = CellText.fit(text, offset[c], widthWrap[c]);
            charsToOutput = Math.min(fit[1], widthWrap[c]);
            String part = text.substring(offset[c], offset[c] + fit[0]);
            if (cont.rightAligned()[c]) {
              out.append(" ".repeat(widthWrap[c] - charsToOutput)).append(part);
            } else {
              out.append(part);
            }
            offset[c] += fit[0];
            if (offset[c] < text.length()) {
              moreLines = true;
            } else {
              currLine[c]++;
              if (currLine[c] < lines.size()) {
                moreLines = true;
              }
              offset[c] = 0;
            }
          }
          wrap[c] = Wrap.NONE;
          if (currLine[c] < lines.size()) {
            if (offset[c] != 0) {
              wrap[c] = Wrap.WRAP;
            } else if (currLine[c] != 0) {
              wrap[c] = Wrap.NEWLINE;
            }
          }
          if (!cont.rightAligned()[c] && (finalSpaces || wrap[c] != Wrap.NONE)) {
            out.append(" ".repeat(Math.max(0, widthWrap[c] - charsToOutput)));
          }
          if (wrap[c] == Wrap.WRAP) {
            out.append(format.wrapRight());
          } else if (wrap[c] == Wrap.NEWLINE) {
            out.append(format.nlRight());
          } else if (border == 2 || c < n - 1) {
            out.append(' ');
          }
          if (border != 0 && c < n - 1) {
            if (wrap[c + 1] == Wrap.WRAP) {
              out.append(format.midvruleWrap());
            } else if (wrap[c + 1] == Wrap.NEWLINE) {
              out.append(format.midvruleNl());
            } else if (currLine[c + 1] >= row.get(c + 1).size()) {
              out.append(format.midvruleBlank());
            } else {
              out.append(dformat.midvrule());
            }
          }
        }
        if (border == 2) {
          out.append(dformat.rightvrule());
        }
        out.append('\n');
      } while (moreLines);
    }
    if (border == 2) {
      horizontalLine(widthWrap, border, format.bottom(), out);
    }
    if (!cont.tuplesOnly()) {
      for (String f : cont.footersWithDefault()) {
        out.append(f).append('\n');
      }
    }
    out.append('\n');
    return out.toString();
  }

  private static void horizontalLine(int[] widths, int border, TextFormat.Rule rule, StringBuilder out) {
    if (border == 1) {
      out.append(rule.hrule());
    } else if (border == 2) {
      out.append(rule.leftvrule()).append(rule.hrule());
    }
    for (int c = 0; c < widths.length; c++) {
      out.append(rule.hrule().repeat(widths[c]));
      if (c < widths.length - 1) {
        if (border == 0) {
          out.append(' ');
        } else {
          out.append(rule.hrule()).append(rule.midvrule()).append(rule.hrule());
        }
      }
    }
    if (border == 2) {
      out.append(rule.hrule()).append(rule.rightvrule());
    } else if (border == 1) {
      out.append(rule.hrule());
    }
    out.append('\n');
  }
}
