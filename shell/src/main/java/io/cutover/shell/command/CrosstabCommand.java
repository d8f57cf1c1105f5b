package io.cutover.shell.command;

import io.cutover.shell.run.BareError;
import io.cutover.shell.run.FailureReported;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.ResultTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code \crosstabview [COLV [COLH [COLD [SORTCOLH]]]]}: sends the query buffer and shows its
 * result pivoted: one row per value of COLV, one column per value of COLH (in order of first
 * appearance, or of SORTCOLH's integer), COLD's value where they meet. Columns are named by
 * number (from 1) or by name, read as SQL reads an identifier. The messages are psql's.
 */
final class CrosstabCommand extends CoreCommand {

  /** PostgreSQL's limit on the columns of a table; psql refuses wider pivots. */
  private static final int MAX_COLUMNS = 1600;

  CrosstabCommand(Shell shell) {
    super(shell, Groups.GENERAL, "\\crosstabview [COLUMNS]", "execute query and display result in crosstab",
        "crosstabview");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    String sql = QueryBuffer.take(context);
    List<String> words = arguments.words();
    if (!shell.runner().runSql(sql, table -> context.printer().table(pivot(table, words)))) {
      throw new FailureReported();
    }
  }

  private ResultTable pivot(ResultTable table, List<String> words) throws CommandException {
    int n = table.columns().size();
    if (n < 3) {
      throw error("query must return at least three columns");
    }
    int colV = words.size() > 0 ? column(table, words.get(0)) : 0;
    int colH = words.size() > 1 ? column(table, words.get(1)) : 1;
    if (colV == colH) {
      throw error("vertical and horizontal headers must be different columns");
    }
    int colD;
    if (words.size() > 2) {
      colD = column(table, words.get(2));
    } else if (n == 3) {
      colD = 3 - colV - colH;
    } else {
      throw error("data column must be specified when query returns more than three columns");
    }
    int sortH = words.size() > 3 ? column(table, words.get(3)) : -1;

    Map<Key, Integer> columns = new LinkedHashMap<>();
    Map<Key, Long> sortKeys = new HashMap<>();
    Map<Key, Integer> rows = new LinkedHashMap<>();
    for (List<String> row : table.rows()) {
      Key h = new Key(row.get(colH));
      if (!columns.containsKey(h)) {
        columns.put(h, columns.size());
        sortKeys.put(h, sortH < 0 || row.get(sortH) == null ? null : parseLong(row.get(sortH)));
        if (columns.size() > MAX_COLUMNS) {
          throw error("maximum number of columns (" + MAX_COLUMNS + ") exceeded");
        }
      }
      rows.putIfAbsent(new Key(row.get(colV)), rows.size());
    }
    List<Key> order = new ArrayList<>(columns.keySet());
    if (sortH >= 0) {
      order.sort(Comparator.comparing(sortKeys::get, Comparator.nullsLast(Comparator.naturalOrder())));
    }
    Map<Key, Integer> position = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      position.put(order.get(i), i + 1);
    }

    String[][] cells = new String[rows.size()][order.size() + 1];
    boolean[][] filled = new boolean[rows.size()][order.size() + 1];
    for (Map.Entry<Key, Integer> r : rows.entrySet()) {
      cells[r.getValue()][0] = r.getKey().value();
      Arrays.fill(cells[r.getValue()], 1, order.size() + 1, "");
    }
    for (List<String> row : table.rows()) {
      int r = rows.get(new Key(row.get(colV)));
      int c = position.get(new Key(row.get(colH)));
      if (filled[r][c]) {
        throw error("query result contains multiple data values for row \"" + display(row.get(colV))
            + "\", column \"" + display(row.get(colH)) + "\"");
      }
      filled[r][c] = true;
      cells[r][c] = row.get(colD);
    }
    List<ResultTable.Column> headers = new ArrayList<>();
    headers.add(table.columns().get(colV));
    boolean numeric = table.columns().get(colD).numeric();
    for (Key h : order) {
      headers.add(new ResultTable.Column(display(h.value()), numeric));
    }
    List<List<String>> out = new ArrayList<>();
    for (String[] row : cells) {
      out.add(Arrays.asList(row));
    }
    return ResultTable.of(headers, out);
  }

  private String display(String value) {
    return value == null ? shell.printSettings().nullDisplay() : value;
  }

  /** A column by number (1-based) or by name: quoted names exact, others folded to lower case. */
  private static int column(ResultTable table, String ref) throws CommandException {
    int n = table.columns().size();
    if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit)) {
      long number = ref.length() > 9 ? Long.MAX_VALUE : Long.parseLong(ref);
      if (number < 1 || number > n) {
        throw error("column number " + ref + " is out of range 1.." + n);
      }
      return (int) number - 1;
    }
    String name = ref.length() >= 2 && ref.startsWith("\"") && ref.endsWith("\"")
        ? ref.substring(1, ref.length() - 1).replace("\"\"", "\"") : ref.toLowerCase(Locale.ROOT);
    int found = -1;
    for (int i = 0; i < n; i++) {
      if (table.columns().get(i).name().equals(name)) {
        if (found >= 0) {
          throw error("ambiguous column name: \"" + name + "\"");
        }
        found = i;
      }
    }
    if (found < 0) {
      throw error("column name not found: \"" + name + "\"");
    }
    return found;
  }

  private static Long parseLong(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static BareError error(String message) {
    return new BareError("\\crosstabview: " + message);
  }

  /** A header value; null (SQL NULL) is a value of its own. */
  private record Key(String value) {
  }
}
