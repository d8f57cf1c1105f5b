package io.cutover.shell.render;

/**
 * What {@code \pset} and {@code \x} control. Immutable; each change makes a new value.
 *
 * @param width the terminal width for {@code \x auto} and the pager, 0 when unknown (not a terminal)
 */
public record PrintSettings(OutputFormat format, Expanded expanded, String nullDisplay, String fieldSeparator,
                            boolean tuplesOnly, boolean footer, Pager.Mode pager, int width, char csvFieldSeparator,
                            String title) {

  public static PrintSettings defaults() {
    return new PrintSettings(OutputFormat.ALIGNED, Expanded.OFF, "", "|", false, true, Pager.Mode.ON, 0, ',', null);
  }

  public PrintSettings withFormat(OutputFormat f) {
    return new PrintSettings(f, expanded, nullDisplay, fieldSeparator, tuplesOnly, footer, pager, width, csvFieldSeparator, title);
  }

  public PrintSettings withExpanded(Expanded e) {
    return new PrintSettings(format, e, nullDisplay, fieldSeparator, tuplesOnly, footer, pager, width, csvFieldSeparator, title);
  }

  public PrintSettings withNullDisplay(String n) {
    return new PrintSettings(format, expanded, n, fieldSeparator, tuplesOnly, footer, pager, width, csvFieldSeparator, title);
  }

  public PrintSettings withFieldSeparator(String s) {
    return new PrintSettings(format, expanded, nullDisplay, s, tuplesOnly, footer, pager, width, csvFieldSeparator, title);
  }

  public PrintSettings withTuplesOnly(boolean t) {
    return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, t, footer, pager, width, csvFieldSeparator, title);
  }

  public PrintSettings withFooter(boolean f) {
    return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, tuplesOnly, f, pager, width, csvFieldSeparator, title);
  }

  public PrintSettings withPager(Pager.Mode p) {
    return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, tuplesOnly, footer, p, width, csvFieldSeparator, title);
  }

  public PrintSettings withWidth(int w) {
    return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, tuplesOnly, footer, pager, w, csvFieldSeparator, title);
  }

  public PrintSettings withCsvFieldSeparator(char c) {
    return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, tuplesOnly, footer, pager, width, c, title);
  }

  /** {@code \pset title}: the title of the tables printed from now on, or none when null. */
  public PrintSettings withTitle(String t) {
    return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, tuplesOnly, footer, pager, width,
        csvFieldSeparator, t);
  }
}
