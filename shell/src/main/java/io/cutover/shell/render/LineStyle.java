package io.cutover.shell.render;

import java.util.Locale;
import java.util.Optional;

/** {@code \pset linestyle}: ascii, old-ascii (before PostgreSQL 8.5), or Unicode box drawing. */
public enum LineStyle {
  ASCII("ascii"), OLD_ASCII("old-ascii"), UNICODE("unicode");

  private static final TextFormat.Rule ASCII_RULE = new TextFormat.Rule("-", "+", "+", "+");
  private static final TextFormat.Rule ASCII_DATA = new TextFormat.Rule("", "|", "|", "|");
  private static final TextFormat ASCII_FORMAT = new TextFormat("ascii", ASCII_RULE, ASCII_RULE, ASCII_RULE, ASCII_DATA,
      "|", "|", "|", " ", "+", " ", "+", ".", ".", true);
  private static final TextFormat OLD_ASCII_FORMAT = new TextFormat("old-ascii", ASCII_RULE, ASCII_RULE, ASCII_RULE,
      ASCII_DATA, ":", ";", " ", "+", " ", " ", " ", " ", " ", false);

  private final String label;

  LineStyle(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The style a prefix names, as psql takes {@code \pset linestyle u}; ascii wins a tie with old-ascii. */
  public static Optional<LineStyle> byPrefix(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    for (LineStyle s : values()) {
      if (s.label.startsWith(t)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  TextFormat format(UnicodeLine border, UnicodeLine column, UnicodeLine header) {
    return switch (this) {
      case ASCII -> ASCII_FORMAT;
      case OLD_ASCII -> OLD_ASCII_FORMAT;
      case UNICODE -> unicode(border, column, header);
    };
  }

  /** psql's refresh_utf8format: single or double lines for the border, the column rules and the header rule. */
  private static TextFormat unicode(UnicodeLine border, UnicodeLine column, UnicodeLine header) {
    int b = border.ordinal();
    boolean bd = border == UnicodeLine.DOUBLE;
    boolean cd = column == UnicodeLine.DOUBLE;
    boolean hd = header == UnicodeLine.DOUBLE;
    String borderHorizontal = bd ? "\u2550" : "\u2500";
    String borderVertical = bd ? "\u2551" : "\u2502";
    String columnVertical = cd ? "\u2551" : "\u2502";
    String[] columnCross = cd ? new String[] {"\u256B", "\u256C"} : new String[] {"\u253C", "\u256A"};
    String[] columnUp = cd ? new String[] {"\u2568", "\u2569"} : new String[] {"\u2534", "\u2567"};
    String[] columnDown = cd ? new String[] {"\u2565", "\u2566"} : new String[] {"\u252C", "\u2564"};
    String headerHorizontal = hd ? "\u2550" : "\u2500";
    String[] headerRight = hd ? new String[] {"\u255E", "\u2560"} : new String[] {"\u251C", "\u255F"};
    String[] headerLeft = hd ? new String[] {"\u2561", "\u2563"} : new String[] {"\u2524", "\u2562"};
    var top = new TextFormat.Rule(borderHorizontal, bd ? "\u2554" : "\u250C", columnDown[b], bd ? "\u2557" : "\u2510");
    var middle = new TextFormat.Rule(headerHorizontal, headerRight[b], columnCross[header.ordinal()], headerLeft[b]);
    var bottom = new TextFormat.Rule(borderHorizontal, bd ? "\u255A" : "\u2514", columnUp[b], bd ? "\u255D" : "\u2518");
    var data = new TextFormat.Rule("", borderVertical, columnVertical, borderVertical);
    return new TextFormat("unicode", top, middle, bottom, data, columnVertical, columnVertical, columnVertical,
        " ", "\u21B5", " ", "\u21B5", "\u2026", "\u2026", true);
  }
}
