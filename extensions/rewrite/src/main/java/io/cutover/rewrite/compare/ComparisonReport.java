package io.cutover.rewrite.compare;

import io.cutover.rewrite.Rewrite;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.ResultTable;
import io.cutover.shell.spi.ResultTable.Column;
import io.cutover.shell.spi.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What {@code \compare} prints: times and ratio, differing rows, plans side by side, a file's summary. */
public final class ComparisonReport {

  /**
   * One query of a file: not run ({@code comparison} null) when it was not rewritten or has
   * parameters; {@code slowdown} null unless it was looked for (a rewrite over the bound, or --explain).
   */
  public record Line(SqlScript.Statement statement, Rewrite rewrite, Comparison comparison, Slowdown slowdown) {
  }

  private static final int SHOWN_ROWS = 5;
  private static final int SHORT_QUERY = 60;

  private ComparisonReport() {
  }

  public static void single(Printer p, Comparison c) {
    p.table(ResultTable.of(List.of(Column.text("query"), Column.bool("equal"), Column.number("rows"),
            Column.number("median ms"), Column.number("ratio")),
        List.of(List.of("original", bool(c.diff().equal()), String.valueOf(c.original().rows().size()),
                millis(c.originalMs()), "1.00"),
            List.of("rewritten", bool(c.diff().equal()), String.valueOf(c.rewritten().rows().size()),
                millis(c.rewrittenMs()), ratio(c.ratio()))))
        .withFooter("(" + c.runs() + " runs each, alternating, as prepared statements; results compared " + (c.rewrite().ordered() ? "in order"
            : "as multisets") + ")"));
  }

  public static ResultTable differingRows(Comparison c) {
    List<List<String>> rows = new ArrayList<>();
    c.diff().onlyInOriginal().stream().limit(SHOWN_ROWS).forEach(r -> rows.add(List.of("original only", r.toString())));
    c.diff().onlyInRewritten().stream().limit(SHOWN_ROWS).forEach(r -> rows.add(List.of("rewritten only", r.toString())));
    return ResultTable.of(List.of(Column.text("where"), Column.text("row")), rows)
        .withTitle("First differing rows");
  }

  /** Both plans' node lines, side by side. */
  public static ResultTable plans(Connection c, Rewrite r) throws SQLException {
    List<String> a = QueryRun.explain(c, r.original());
    List<String> b = QueryRun.explain(c, r.sql());
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      rows.add(Arrays.asList(i < a.size() ? a.get(i) : "", i < b.size() ? b.get(i) : ""));
    }
    return ResultTable.of(List.of(Column.text("original plan"), Column.text("rewritten plan")), rows);
  }

  /**
   * One row per query. In JSON the fields are those a script reads ({@code query}, {@code rewritten},
   * {@code reason}, {@code rewritten_sql}, {@code equal}, {@code original_ms}, {@code rewritten_ms},
   * {@code slower_cause}, {@code slower_fix}); on a terminal the query is shortened and the reason
   * joins the rewritten column; in CSV the causes are two more columns (in the other formats they
   * follow the table: {@link #slowdowns}).
   */
  public static ResultTable summary(List<Line> lines, String format) {
    boolean json = format.equals("json");
    boolean csv = format.equals("csv");
    List<Column> columns = json
        ? List.of(Column.text("query"), Column.bool("rewritten"), Column.text("reason"), Column.text("rewritten_sql"),
            Column.bool("equal"), Column.number("original_ms"), Column.number("rewritten_ms"),
            Column.text("slower_cause"), Column.text("slower_fix"))
        : new ArrayList<>(List.of(Column.text("line"), Column.text("query"), Column.text("rewritten"), Column.bool("equal"),
            Column.number("original ms"), Column.number("rewritten ms"), Column.number("ratio")));
    if (csv) {
      columns.addAll(List.of(Column.text("slower cause"), Column.text("slower fix")));
    }
    List<List<String>> rows = new ArrayList<>();
    for (Line l : lines) {
      Comparison c = l.comparison();
      Rewrite r = l.rewrite();
      String equal = c == null ? null : bool(c.diff().equal());
      String a = c == null ? null : millis(c.originalMs());
      String b = c == null ? null : millis(c.rewrittenMs());
      String cause = l.slowdown() == null ? null : l.slowdown().kind().label() + ": " + l.slowdown().cause();
      String fix = l.slowdown() == null ? null : l.slowdown().fix();
      if (json) {
        rows.add(Arrays.asList(r.original(), bool(r.rewritten()), r.reason(), r.rewritten() ? r.sql() : null, equal, a, b,
            cause, fix));
      } else {
        String rewritten = !r.rewritten() ? "no (" + r.reason() + ")"
            : r.reason() != null ? "yes, " + r.reason() : c == null ? "yes (has parameters, not run)" : "yes";
        List<String> row = new ArrayList<>(Arrays.asList(String.valueOf(l.statement().line()), shorten(r.original()),
            rewritten, equal, a, b, c == null ? null : ratio(c.ratio())));
        if (csv) {
          row.addAll(Arrays.asList(cause, fix));
        }
        rows.add(row);
      }
    }
    return ResultTable.of(columns, rows);
  }

  /**
   * The lines after a file's summary (aligned and unaligned formats): each rewrite found slower than
   * the bound, or whose plan changed, with its cause and fix; empty when there is none.
   */
  public static List<String> slowdowns(List<Line> lines, double bound) {
    List<String> out = new ArrayList<>();
    for (Line l : lines) {
      if (l.slowdown() != null) {
        if (out.isEmpty()) {
          out.add("Rewrites slower than " + ratio(bound) + "x their original, or whose plan changed:");
        }
        String ratio = l.comparison() == null ? "" : " (" + ratio(l.comparison().ratio()) + "x)";
        out.add("  line " + l.statement().line() + ratio + ", " + l.slowdown().describe());
      }
    }
    return out;
  }

  private static String shorten(String sql) {
    String flat = sql.replaceAll("\\s+", " ").strip();
    return flat.length() <= SHORT_QUERY ? flat : flat.substring(0, SHORT_QUERY - 1) + "…";
  }

  private static String bool(boolean b) {
    return b ? "t" : "f";
  }

  private static String millis(double ms) {
    return String.format(Locale.ROOT, "%.2f", ms);
  }

  private static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2f", r);
  }
}
