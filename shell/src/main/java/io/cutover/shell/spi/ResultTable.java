package io.cutover.shell.spi;

import java.util.List;
import java.util.Objects;

/**
 * Rows to print. Values are text as the server sends it; a null value is SQL NULL.
 *
 * @param title shown above the table (psql's {@code \d} titles), or null
 * @param columns the column headings and alignment
 * @param rows the values, one list per row
 * @param footer replaces the {@code (N rows)} footer when not null
 */
public record ResultTable(String title, List<Column> columns, List<List<String>> rows, String footer) {

  /**
   * A heading; {@code numeric} right-aligns it as psql does for number types; {@code logical}
   * values are {@code t}/{@code f} (true and false in JSON).
   */
  public record Column(String name, boolean numeric, boolean logical) {
    public Column(String name, boolean numeric) {
      this(name, numeric, false);
    }

    public static Column text(String name) {
      return new Column(name, false);
    }

    public static Column number(String name) {
      return new Column(name, true);
    }

    public static Column bool(String name) {
      return new Column(name, false, true);
    }
  }

  public ResultTable {
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(rows, "rows");
  }

  public static ResultTable of(List<Column> columns, List<List<String>> rows) {
    return new ResultTable(null, columns, rows, null);
  }

  public ResultTable withTitle(String newTitle) {
    return new ResultTable(newTitle, columns, rows, footer);
  }

  public ResultTable withFooter(String newFooter) {
    return new ResultTable(title, columns, rows, newFooter);
  }
}
