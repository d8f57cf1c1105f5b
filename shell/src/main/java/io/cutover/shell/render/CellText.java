package io.cutover.shell.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.WCWidth;

/**
 * A value as aligned output shows it (psql's pg_wcsformat): one line per newline, tabs expanded to
 * the next multiple of 8, carriage returns as {@code \r} and other control characters as {@code \xNN}.
 */
final class CellText {

  /** One display line and the terminal columns it takes. */
  record Line(String text, int width) {
  }

  private CellText() {
  }

  static List<Line> lines(String value) {
    List<Line> lines = new ArrayList<>(2);
    StringBuilder line = new StringBuilder();
    int width = 0;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n') {
        lines.add(new Line(line.toString(), width));
        line.setLength(0);
        width = 0;
      } else if (cp == '\r') {
        line.append("\\r");
        width += 2;
      } else if (cp == '\t') {
        do {
          line.append(' ');
          width++;
        } while (width % 8 != 0);
      } else {
        int w = WCWidth.wcwidth(cp);
        if (w >= 0) {
          line.appendCodePoint(cp);
          width += w;
        } else if (cp < 0x80) {
          line.append(String.format(Locale.ROOT, "\\x%02X", cp));
          width += 4;
        } else if (cp <= 0xFFFF) {
          line.append(String.format(Locale.ROOT, "\\u%04X", cp));
          width += 6;
        } else {
          line.append(String.format(Locale.ROOT, "\\U%08X", cp));
          width += 10;
        }
      }
    }
    lines.add(new Line(line.toString(), width));
    return lines;
  }

  /** The widest line's width. */
  static int width(List<Line> lines) {
    int w = 0;
    for (Line l : lines) {
      w = Math.max(w, l.width());
    }
    return w;
  }

  /**
   * How many chars of {@code text} from {@code from} fit in {@code target} columns (at least one
   * character), and the columns they take: psql's strlen_max_width.
   */
  static int[] fit(String text, int from, int target) {
    int width = 0;
    int i = from;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int w = Math.max(0, WCWidth.wcwidth(cp));
      if (target < width + w && width != 0) {
        break;
      }
      width += w;
      i += Character.charCount(cp);
    }
    return new int[] {i - from, width};
  }
}
