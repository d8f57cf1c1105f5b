package io.cutover.shell.render;

import java.util.function.Consumer;

/**
 * What {@code \pset} and {@code \x} control, as psql's printTableOpt holds it. Immutable; {@link #with}
 * makes a changed copy.
 *
 * @param fieldSeparator unaligned format's separator between values
 * @param recordSeparator unaligned format's separator between rows
 * @param pagerMinLines {@code \pset pager_min_lines}: shorter output never goes through the pager
 * @param width the terminal width for {@code \x auto}, wrapping and the pager, 0 when unknown (not a terminal)
 * @param title {@code \pset title}: the title of query results, or null
 * @param tableAttr {@code \pset tableattr}: HTML table attributes, or latex-longtable column widths; or null
 * @param border {@code \pset border}: 0, 1 or 2 (html and latex take more)
 * @param columns {@code \pset columns}: the target width of wrapped and auto-expanded output, 0 for the terminal's
 * @param numericLocale {@code \pset numericlocale}: digits of numbers grouped by thousands
 */
public record PrintSettings(OutputFormat format, Expanded expanded, String nullDisplay, Separator fieldSeparator,
                            Separator recordSeparator, boolean tuplesOnly, boolean footer, Pager.Mode pager,
                            int pagerMinLines, int width, char csvFieldSeparator, String title, String tableAttr,
                            int border, LineStyle lineStyle, UnicodeLine unicodeBorder, UnicodeLine unicodeColumn,
                            UnicodeLine unicodeHeader, int columns, boolean numericLocale) {

  /** A separator of the unaligned format: a text, or the zero byte ({@code fieldsep_zero}). */
  public record Separator(String text, boolean zero) {
    public static Separator of(String text) {
      return new Separator(text, false);
    }

    public static final Separator ZERO = new Separator("", true);

    /** What is written: the text, or a zero byte. */
    public String written() {
      return zero ? "\0" : text;
    }
  }

  public static PrintSettings defaults() {
    return new PrintSettings(OutputFormat.ALIGNED, Expanded.OFF, "", Separator.of("|"), Separator.of("\n"), false, true,
        Pager.Mode.ON, 0, 0, ',', null, null, 1, LineStyle.ASCII, UnicodeLine.SINGLE, UnicodeLine.SINGLE,
        UnicodeLine.SINGLE, 0, false);
  }

  /** A copy with the changes {@code change} makes to a builder that starts as this. */
  public PrintSettings with(Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return b.build();
  }

  /** The glyphs aligned and wrapped output draw with. */
  public TextFormat textFormat() {
    return lineStyle.format(unicodeBorder, unicodeColumn, unicodeHeader);
  }

  /** The width wrapped and auto-expanded output fit: {@code \pset columns}, else the terminal's, else 0 (none). */
  public int outputColumns() {
    return columns > 0 ? columns : width;
  }

  /** Mutable twin of {@link PrintSettings}, only for {@link #with}. */
  public static final class Builder {
    public OutputFormat format;
    public Expanded expanded;
    public String nullDisplay;
    public Separator fieldSeparator;
    public Separator recordSeparator;
    public boolean tuplesOnly;
    public boolean footer;
    public Pager.Mode pager;
    public int pagerMinLines;
    public int width;
    public char csvFieldSeparator;
    public String title;
    public String tableAttr;
    public int border;
    public LineStyle lineStyle;
    public UnicodeLine unicodeBorder;
    public UnicodeLine unicodeColumn;
    public UnicodeLine unicodeHeader;
    public int columns;
    public boolean numericLocale;

    private Builder(PrintSettings s) {
      format = s.format;
      expanded = s.expanded;
      nullDisplay = s.nullDisplay;
      fieldSeparator = s.fieldSeparator;
      recordSeparator = s.recordSeparator;
      tuplesOnly = s.tuplesOnly;
      footer = s.footer;
      pager = s.pager;
      pagerMinLines = s.pagerMinLines;
      width = s.width;
      csvFieldSeparator = s.csvFieldSeparator;
      title = s.title;
      tableAttr = s.tableAttr;
      border = s.border;
      lineStyle = s.lineStyle;
      unicodeBorder = s.unicodeBorder;
      unicodeColumn = s.unicodeColumn;
      unicodeHeader = s.unicodeHeader;
      columns = s.columns;
      numericLocale = s.numericLocale;
    }

    private PrintSettings build() {
      return new PrintSettings(format, expanded, nullDisplay, fieldSeparator, recordSeparator, tuplesOnly, footer, pager,
          pagerMinLines, width, csvFieldSeparator, title, tableAttr, border, lineStyle, unicodeBorder, unicodeColumn,
          unicodeHeader, columns, numericLocale);
    }
  }
}
