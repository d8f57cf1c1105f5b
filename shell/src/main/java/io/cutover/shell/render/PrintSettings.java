package io.cutover.shell.render;

/**
 * What {@code \pset} and {@code \x} control. Immutable; each change makes a new value.
 *
 * @param width the terminal width for {@code \x auto} and the pager, 0 when unknown (not a terminal)
 */
public record PrintSettings(OutputFormat format, Expanded expanded, String nullDisplay, String fieldSeparator,
                            boolean tuplesOnly, boolean footer, Pager.Mode pager, int width) {

  public static PrintSettings defaults() {
    return new PrintSettings(OutputFormat.ALIGNED, Expanded.OFF, "", "|", false, true, Pager.Mode.ON, 0);
  }

  public PrintSettings withFormat(OutputFormat f) {
    return new PrintSettings(f, expanded, nullDisplay, fieldSeparator, tuplesOnly, footer, pager, width);
  }

  public PrintSettings withExpanded(Expanded e) {
    return new PrintSettings(format, e, nullDisplay, fieldSeparator, tuplesOnly, footer, pager, width);
  }

  public PrintSettings withNullDisplay(String n) {
    return new PrintSettings(format, expanded, n, fieldSeparator, tuplesOnly, footer, pager, width);
  }

  public PrintSettings withFieldSeparator(String s) {
    return new PrintSettings(format, expanded, nullDisplay, s, tuplesOnly, footer, pager, width);
  }

  public PrintSettings withTuplesOnly(boolean t) {
    return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, t, footer, pager, width);
  }

  public PrintSettings withFooter(boolean f) {
    return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, tuplesOnly, f, pager, width);
  }

  public PrintSettings withPager(Pager.Mode p) {
    return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, tuplesOnly, footer, p, width);
  }

  public PrintSettings withWidth(int w) {
    return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, tuplesOnly, footer, pager, w);
  }
}
