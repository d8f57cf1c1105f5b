package io.cutover.rewrite.plan;

import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan's table's indexes and their key columns, to tell why a rewrite lost an index path: the
 * index its original read, and whether that index has a twin on the FK columns.
 *
 * @param columns index name → its key columns in order (an expression is {@code null})
 */
public record TableIndexes(RewritePlan plan, Map<String, List<String>> columns) {

  // Catalog only (AccessShareLock). Param: the table, quoted.
  private static final String INDEXES = """
      SELECT c.relname, array(SELECT a.attname FROM unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY k(n, o)
                              LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n
                              ORDER BY k.o)
      FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = to_regclass(?)
      ORDER BY c.relname
      """;

  public static TableIndexes read(Connection c, RewritePlan plan) throws SQLException {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(INDEXES)) {
      ps.setString(1, Quoting.qualified(plan.schema(), plan.table()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1), Arrays.asList((String[]) rs.getArray(2).getArray()));
        }
      }
    }
    return new TableIndexes(plan, columns);
  }

  public boolean isOfTable(String index) {
    return columns.containsKey(index);
  }

  /** Whether the index has a dimension's string among its key columns. */
  public boolean readsDimension(String index) {
    return columns.getOrDefault(index, List.of()).stream().anyMatch(column -> plan.dimension(column).isPresent());
  }

  /** The key columns of the twin an index that reads a dimension needs: the same, each string by its FK. */
  public List<String> twinColumns(String index) {
    return columns.getOrDefault(index, List.of()).stream()
        .map(column -> column == null ? null : plan.dimension(column).map(DimensionColumn::fk).orElse(column))
        .toList();
  }

  /** The index whose key columns are those of {@code index}'s twin, if one exists. */
  public Optional<String> twin(String index) {
    List<String> wanted = twinColumns(index);
    return columns.entrySet().stream().filter(e -> !e.getKey().equals(index) && e.getValue().equals(wanted))
        .map(Map.Entry::getKey).findFirst();
  }
}
