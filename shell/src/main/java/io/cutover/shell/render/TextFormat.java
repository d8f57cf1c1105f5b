package io.cutover.shell.render;

/**
 * The glyphs of aligned output (psql's printTextFormat): the four horizontal rules, the marks of
 * values continued on the next line by a newline ({@code nl}) or by wrapping ({@code wrap}).
 *
 * @param wrapRightBorder whether the right-hand marks take a column of their own with border 0
 */
public record TextFormat(String name, Rule top, Rule middle, Rule bottom, Rule data, String midvruleNl,
                         String midvruleWrap, String midvruleBlank, String headerNlLeft, String headerNlRight,
                         String nlLeft, String nlRight, String wrapLeft, String wrapRight, boolean wrapRightBorder) {

  /** One horizontal rule: its line and its crossings at the left, between columns and at the right. */
  public record Rule(String hrule, String leftvrule, String midvrule, String rightvrule) {
  }
}
