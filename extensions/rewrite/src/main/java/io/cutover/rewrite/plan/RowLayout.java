package io.cutover.rewrite.plan;

import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the plan's FK columns sit in the table's rows, against their strings. {@code ADD COLUMN}
 * appends, so the FKs come after every column the table had, wide ones like a jsonb document
 * included, and PostgreSQL reads a row's columns one after another up to the last one a query
 * needs. Reading an FK from the table then costs more per row than reading its string did; in the
 * example at 1,000,000 rows that, not the rewrite, is what made the heap-bound rewrites slower
 * (BENCHMARKS.md, "Read cutover"). The application's own FK reads pay it too, so {@code \compare}
 * says it rather than leave a ratio unexplained.
 */
public final class RowLayout {

  /** Below this many bytes a row between the strings and the FKs, the walk costs too little to mention. */
  private static final int WORTH_A_NOTE = 256;

  // Catalog and pg_stats only (AccessShareLock). avg_width comes from ANALYZE, which \backfill runs.
  private static final String COLUMNS = """
      SELECT a.attname, a.attnum, t.typlen, s.avg_width
      FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
      WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum
      """;

  private record Column(String name, int number, boolean variable, int averageWidth) {
  }

  private RowLayout() {
  }

  /** A note when the FKs are stored behind wide variable-length columns that their strings are not; empty otherwise. */
  public static Optional<String> note(Connection c, RewritePlan plan) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
      ps.setString(1, Quoting.identifier(plan.schema()) + "." + Quoting.identifier(plan.table()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(new Column(rs.getString(1), rs.getInt(2), rs.getInt(3) == -1, rs.getInt(4)));
        }
      }
    }
    int lastString = 0;
    int firstFk = Integer.MAX_VALUE;
    for (DimensionColumn d : plan.dimensions()) {
      for (Column col : columns) {
        if (col.name().equals(d.column())) {
          lastString = Math.max(lastString, col.number());
        } else if (col.name().equals(d.fk())) {
          firstFk = Math.min(firstFk, col.number());
        }
      }
    }
    int strings = lastString;
    int fks = firstFk;
    List<Column> between = columns.stream()
        .filter(col -> col.variable() && col.number() > strings && col.number() < fks).toList();
    int bytes = between.stream().mapToInt(Column::averageWidth).sum();
    if (lastString == 0 || firstFk == Integer.MAX_VALUE || bytes < WORTH_A_NOTE) {
      return Optional.empty();
    }
    Column widest = between.stream().max((a, b) -> Integer.compare(a.averageWidth(), b.averageWidth())).orElseThrow();
    int lastFk = columns.stream().filter(col -> plan.dimensions().stream().anyMatch(d -> d.fk().equals(col.name())))
        .mapToInt(Column::number).max().orElse(firstFk);
    return Optional.of(String.format(Locale.ROOT, "Row layout of %s: the FK columns (%d to %d) are stored after %s"
        + " (%,d bytes a row on average; %,d with the other variable-length columns in between), the strings (up to %d)"
        + " before it. A row's columns are read in order, so reading an FK costs more than reading its string did, in"
        + " the application too, until the table is rebuilt with the FK columns ahead of the variable-length ones.",
        plan.table(), firstFk, lastFk, widest.name(), widest.averageWidth(),
        bytes, lastString));
  }
}
