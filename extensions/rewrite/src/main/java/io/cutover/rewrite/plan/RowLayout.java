package io.cutover.rewrite.plan;

import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the plan's FK columns sit in the table's rows, against their strings. {@code ADD COLUMN}
 * appends, so the FKs come after every column the table had, and PostgreSQL reads a row's columns
 * one after another up to the last one a query needs: each column stepped over costs about 10 ns
 * a row on average, and a wide one little more. In the example at 1,000,000 rows that, not the rewrite, is what made
 * the heap-bound rewrites slower, and it stayed so with raw_data dropped and the rows rewritten
 * (BENCHMARKS.md, "Read cutover"). The application's own FK reads pay it too, so {@code \compare}
 * says it rather than leave a ratio unexplained, and names the migration's {@code \rebuild}, which
 * moves them.
 */
public final class RowLayout {

  /** Fewer columns than this between the strings and the FKs cost too little to mention. */
  private static final int WORTH_A_NOTE = 8;

  // Catalog only (AccessShareLock). Dropped columns count: their place stays in every row.
  private static final String COLUMNS = """
      SELECT a.attname, a.attnum FROM pg_attribute a
      WHERE a.attrelid = to_regclass(?) AND a.attnum > 0
      """;

  private RowLayout() {
  }

  /** A note when the FKs are stored many columns after their strings; empty otherwise (or once the strings are gone). */
  public static Optional<String> note(Connection c, RewritePlan plan) throws SQLException {
    Map<String, Integer> numbers = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
      ps.setString(1, Quoting.identifier(plan.schema()) + "." + Quoting.identifier(plan.table()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          numbers.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    int firstString = Integer.MAX_VALUE;
    int lastString = 0;
    int firstFk = Integer.MAX_VALUE;
    int lastFk = 0;
    for (DimensionColumn d : plan.dimensions()) {
      Integer string = numbers.get(d.column());
      Integer fk = numbers.get(d.fk());
      if (string == null || fk == null) {
        return Optional.empty();
      }
      firstString = Math.min(firstString, string);
      lastString = Math.max(lastString, string);
      firstFk = Math.min(firstFk, fk);
      lastFk = Math.max(lastFk, fk);
    }
    int between = firstFk - lastString - 1;
    if (plan.dimensions().isEmpty() || between < WORTH_A_NOTE) {
      return Optional.empty();
    }
    return Optional.of("Row layout of " + plan.table() + ": the FK columns are its columns " + firstFk + " to " + lastFk
        + ", the strings " + firstString + " to " + lastString + ". PostgreSQL reads a row's columns in order up to the"
        + " last one a query needs, so reading an FK from the table steps over at least " + between + " more columns a row than"
        + " reading its string did, and the application's FK reads will too. \\rebuild moves them up ahead of the strings,"
        + " online.");
  }
}
