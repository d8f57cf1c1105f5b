package io.cutover.migration.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An index of a table as the catalog describes it.
 *
 * @param columns each key column's name, or null for an expression
 * @param columnDefinitions each key column as pg_get_indexdef writes it ({@code "time" DESC})
 * @param predicate the WHERE of a partial index, as pg_get_expr writes it, or empty
 */
public record TableIndex(String name, boolean unique, boolean primary, String method, List<String> columns,
                         List<String> columnDefinitions, Optional<String> predicate, boolean hasExpressions) {

  private static final String INDEXES = """
      SELECT c.relname, i.indisunique, i.indisprimary, am.amname,
             array(SELECT a.attname FROM unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY AS k(attnum, ord)
                   LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   ORDER BY k.ord),
             array(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true)
                   FROM generate_series(1, i.indnkeyatts) AS k(ord) ORDER BY k.ord),
             pg_catalog.pg_get_expr(i.indpred, i.indrelid), i.indexprs IS NOT NULL
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
      JOIN pg_catalog.pg_am am ON am.oid = c.relam
      WHERE i.indrelid = ? AND i.indisvalid
      ORDER BY c.relname
      """;

  public static List<TableIndex> of(Connection c, long tableOid) throws SQLException {
    List<TableIndex> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(INDEXES)) {
      ps.setLong(1, tableOid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new TableIndex(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getString(4),
              Arrays.asList((String[]) rs.getArray(5).getArray()), Arrays.asList((String[]) rs.getArray(6).getArray()),
              Optional.ofNullable(rs.getString(7)), rs.getBoolean(8)));
        }
      }
    }
    return out;
  }
}
