package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;

/** Renders a result table as text in one format. */
public interface TableRenderer {

  /** The whole rendering, each line ending in a newline. */
  String render(ResultTable table, PrintSettings settings);

  static TableRenderer of(OutputFormat format) {
    return switch (format) {
      case ALIGNED, WRAPPED -> new AlignedRenderer();
      case UNALIGNED -> new UnalignedRenderer();
      case CSV -> new CsvRenderer();
      case HTML -> new HtmlRenderer();
      case ASCIIDOC -> new AsciidocRenderer();
      case LATEX -> new LatexRenderer();
      case LATEX_LONGTABLE -> new LatexLongtableRenderer();
      case TROFF_MS -> new TroffMsRenderer();
      case JSON -> new JsonRenderer();
    };
  }

  /** Whether a value is only spaces and tabs (or empty), which the markup formats print as a blank. */
  static boolean isBlank(String value) {
    return value.chars().allMatch(ch -> ch == ' ' || ch == '\t');
  }
}
