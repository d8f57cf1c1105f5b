package io.cutover.shell.render;

import java.util.List;

/**
 * Expanded aligned and wrapped output (psql's print_aligned_vertical): a {@code -[ RECORD n ]} rule
 * above each row, then one line per column, name and value, in the {@code \pset} border and linestyle.
 */
final class VerticalRenderer {

  private VerticalRenderer() {
  }

  static String render(PrintContent cont) {
    PrintSettings settings = cont.settings();
    boolean tuplesOnly = cont.tuplesOnly();
    int border = Math.min(settings.border(), 2);
    TextFormat format = settings.textFormat();
    TextFormat.Rule dformat = format.data();
    boolean oldAscii = settings.lineStyle() == LineStyle.OLD_ASCII;
    StringBuilder out = new StringBuilder();
    int n = cont.columnCount();
    if (cont.rows().isEmpty() || n == 0) {
      if (!tuplesOnly) {
        for (String f : cont.footersWithDefault()) {
          out.append(f).append('\n');
        }
      }
      return out.append('\n').toString();
    }
    int hwidth = 0;
    int dwidth = 0;
    boolean hmultiline = false;
    boolean dmultiline = false;
    for (String h : cont.headers()) {
      List<CellText.Line> lines = CellText.lines(h);
      hwidth = Math.max(hwidth, CellText.width(lines));
      hmultiline |= lines.size() > 1;
    }
    for (List<String> row : cont.rows()) {
      for (String v : row) {
        List<CellText.Line> lines = CellText.lines(v);
        dwidth = Math.max(dwidth, CellText.width(lines));
        dmultiline |= lines.size() > 1;
      }
    }
    if (!tuplesOnly && cont.title() != null) {
      out.append(cont.title()).append('\n');
    }
    int outputColumns = settings.outputColumns();
    if (settings.format() == OutputFormat.WRAPPED || settings.format() == OutputFormat.ALIGNED) {
      int swidth;
      if (border == 0) {
        swidth = hmultiline ? 2 : 1;
      } else if (border == 1) {
        swidth = hmultiline && oldAscii ? 4 : 3;
      } else {
        swidth = 7;
      }
      if (dmultiline && border < 2 && !oldAscii) {
        swidth++;
      }
      int rwidth = 0;
      if (!tuplesOnly) {
        rwidth = 1 + (int) Math.log10(cont.rows().size());
        rwidth += border == 0 ? 9 : border == 1 ? 12 : 15;
      }
      int newdwidth;
      for (;;) {
        int width = Math.max(hwidth + swidth + dwidth, rwidth);
        if (settings.format() == OutputFormat.WRAPPED && outputColumns > 0) {
          int minWidth = Math.max(hwidth + swidth + 3, rwidth);
          if (outputColumns >= width) {
            newdwidth = width - hwidth - swidth;
          } else if (outputColumns < minWidth) {
            newdwidth = minWidth - hwidth - swidth;
          } else {
            newdwidth = outputColumns - hwidth - swidth;
          }
        } else {
          newdwidth = width - hwidth - swidth;
        }
        // Wrapping needs a column for its marks: take it and compute again.
        if (newdwidth < dwidth && !dmultiline && border < 2 && !oldAscii) {
          dmultiline = true;
          swidth++;
        } else {
          break;
        }
      }
      dwidth = newdwidth;
    }

    int record = 1;
    for (int r = 0; r < cont.rows().size(); r++) {
      List<String> row = cont.rows().get(r);
      for (int c = 0; c < n; c++) {
        TextFormat.Rule pos = r == 0 && c == 0 ? format.top() : format.middle();
        if (c == 0) {
          int lhwidth = border < 2 && hmultiline && oldAscii ? hwidth + 1 : hwidth;
          if (!tuplesOnly) {
            recordLine(border, record++, lhwidth, dwidth, pos, out);
          } else if (r != 0 || border == 2) {
            recordLine(border, 0, lhwidth, dwidth, pos, out);
          }
        }
        field(cont.headers().get(c), row.get(c), border, format, dformat, oldAscii, hwidth, dwidth, hmultiline,
            dmultiline, out);
      }
    }
    if (border == 2) {
      recordLine(border, 0, hwidth, dwidth, format.bottom(), out);
    }
    if (!tuplesOnly && !cont.footers().isEmpty()) {
      if (border < 2) {
        out.append('\n');
      }
      for (String f : cont.footers()) {
        out.append(f).append('\n');
      }
    }
    return out.append('\n').toString();
  }

  /** One column of a record: its name and value side by side, over as many lines as either needs. */
  private static void field(String header, String value, int border, TextFormat format, TextFormat.Rule dformat,
                            boolean oldAscii, int hwidth, int dwidth, boolean hmultiline, boolean dmultiline,
                            StringBuilder out) {
    List<CellText.Line> hlines = CellText.lines(header);
    List<CellText.Line> dlines = CellText.lines(value);
    int dline = 0;
    int hline = 0;
    boolean dcomplete = false;
    boolean hcomplete = false;
    int offset = 0;
    int charsToOutput = dlines.get(0).width();
    while (!dcomplete || !hcomplete) {
      if (border == 2) {
        out.append(dformat.leftvrule());
      }
      if (!hcomplete) {
        if (border == 2 || (hmultiline && oldAscii)) {
          out.append(hline > 0 ? format.headerNlLeft() : " ");
        }
        CellText.Line h = hlines.get(hline);
        out.append(h.text());
        int spacer = hwidth - h.width();
        if (spacer > 0) {
          out.append(" ".repeat(spacer));
        }
        boolean marks = border > 0 || (hmultiline && !oldAscii);
        if (hline + 1 < hlines.size()) {
          if (marks) {
            out.append(format.headerNlRight());
          }
          hline++;
        } else {
          if (marks) {
            out.append(' ');
          }
          hcomplete = true;
        }
      } else {
        int swidth = hwidth + border;
        if (border < 2 && hmultiline && oldAscii) {
          swidth++;
        }
        if (border == 0 && !oldAscii && hmultiline) {
          swidth++;
        }
        out.append(" ".repeat(swidth));
      }
      if (border > 0) {
        out.append(offset != 0 ? format.midvruleWrap() : dline == 0 ? dformat.midvrule() : format.midvruleNl());
      }
      if (!dcomplete) {
        out.append(offset == 0 ? " " : format.wrapLeft());
        String text = dlines.get(dline).text();
        int[] fit = CellText.fit(text, offset, dwidth);
        out.append(text, offset, offset + fit[0]);
        charsToOutput -= fit[1];
        offset += fit[0];
        int spacer = dwidth - fit[1];
        boolean marks = border > 1 || (dmultiline && !oldAscii);
        if (charsToOutput != 0) {
          if (marks) {
            if (spacer > 0) {
              out.append(" ".repeat(spacer));
            }
            out.append(format.wrapRight());
          }
        } else if (dline + 1 < dlines.size()) {
          if (marks) {
            if (spacer > 0) {
              out.append(" ".repeat(spacer));
            }
            out.append(format.nlRight());
          }
          dline++;
          offset = 0;
          charsToOutput = dlines.get(dline).width();
        } else {
          if (border > 1) {
            if (spacer > 0) {
              out.append(" ".repeat(spacer));
            }
            out.append(' ');
          }
          dcomplete = true;
        }
        if (border == 2) {
          out.append(dformat.rightvrule());
        }
        out.append('\n');
      } else if (border < 2) {
        out.append('\n');
      } else {
        out.append(" ".repeat(dwidth)).append("  ").append(dformat.rightvrule()).append('\n');
      }
    }
  }

  /** The rule above a record: {@code -[ RECORD n ]-+----}, or a plain rule when {@code record} is 0. */
  private static void recordLine(int border, int record, int hwidth, int dwidth, TextFormat.Rule rule,
                                 StringBuilder out) {
    String fill = border > 0 ? rule.hrule() : " ";
    if (border == 2) {
      out.append(rule.leftvrule()).append(rule.hrule());
    } else if (border == 1) {
      out.append(rule.hrule());
    }
    int reclen = 0;
    if (record != 0) {
      String label = border == 0 ? "* Record " + record : "[ RECORD " + record + " ]";
      out.append(label);
      reclen = label.length();
    }
    if (border != 2) {
      reclen++;
    }
    for (int i = reclen; i < hwidth; i++) {
      out.append(fill);
    }
    reclen -= hwidth;
    if (border > 0) {
      if (reclen-- <= 0) {
        out.append(rule.hrule());
      }
      if (reclen-- <= 0) {
        out.append(rule.midvrule());
      }
      if (reclen-- <= 0) {
        out.append(rule.hrule());
      }
    } else if (reclen-- <= 0) {
      out.append(' ');
    }
    if (reclen < 0) {
      reclen = 0;
    }
    for (int i = reclen; i < dwidth; i++) {
      out.append(fill);
    }
    if (border == 2) {
      out.append(rule.hrule()).append(rule.rightvrule());
    }
    out.append('\n');
  }
}
