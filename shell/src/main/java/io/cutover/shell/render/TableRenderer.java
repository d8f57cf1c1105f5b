package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;

/** Renders a result table as text in one format. */
public interface TableRenderer {

  /** The whole rendering, each line ending in a newline. */
  String render(ResultTable table, PrintSettings settings);

  static TableRenderer of(OutputFormat format) {
    return switch (format) {
      case ALIGNED -> new AlignedRenderer();
      case UNALIGNED -> new UnalignedRenderer();
      case CSV -> new CsvRenderer();
      case JSON -> new JsonRenderer();
    };
  }

  /** psql's footer: {@code (1 row)}, {@code (N rows)}, or the table's own. */
  static String footer(ResultTable table) {
    if (table.footer() != null) {
      return table.footer();
    }
    int n = table.rows().size();
    return n == 1 ? "(1 row)" : "(" + n + " rows)";
  }
}
