package io.cutover.rewrite.plan;

import io.cutover.rewrite.lineage.TableColumns;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Column names of the tables queries name, read from pg_attribute on a pooled connection (never the
 * session's, so a failure cannot abort the user's transaction), cached for the rewriter's life.
 */
public final class CatalogColumns implements TableColumns {

  // The table is resolved by the search_path, as the query itself would be. AccessShareLock on catalogs only.
  private static final String COLUMNS = """
      SELECT a.attname FROM pg_attribute a
      WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum
      """;

  private final DataSource pool;
  private final Map<List<String>, Optional<List<String>>> cache = new ConcurrentHashMap<>();

  public CatalogColumns(DataSource pool) {
    this.pool = pool;
  }

  @Override
  public Optional<List<String>> of(List<String> qualifiedName) {
    return cache.computeIfAbsent(List.copyOf(qualifiedName), this::read);
  }

  private Optional<List<String>> read(List<String> name) {
    String regclass = name.stream().map(Quoting::identifier).collect(Collectors.joining("."));
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(COLUMNS)) {
      ps.setString(1, regclass);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(out));
    } catch (SQLException e) {
      return Optional.empty();
    }
  }
}
