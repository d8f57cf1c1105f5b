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
 * Column names and index keys of the tables queries name, read from pg_attribute and pg_index on a
 * pooled connection (never the session's, so a failure cannot abort the user's transaction),
 * cached for the rewriter's life (a new index is seen by the next \plan or trust change).
 */
public final class CatalogColumns implements TableColumns {

  // The table is resolved by the search_path, as the query itself would be. AccessShareLock on catalogs only.
  private static final String COLUMNS = """
      SELECT a.attname FROM pg_attribute a
      WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum
      """;

  // The first key column of each valid index; an expression index's first key (attnum 0) joins no column.
  private static final String INDEX_LEADS = """
      SELECT a.attname, i.indpred IS NOT NULL FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
      WHERE i.indrelid = to_regclass(?) AND i.indisvalid AND i.indisready
      ORDER BY 1, 2
      """;

  private final DataSource pool;
  private final Map<List<String>, Optional<List<String>>> cache = new ConcurrentHashMap<>();
  private final Map<List<String>, List<IndexLead>> indexes = new ConcurrentHashMap<>();

  public CatalogColumns(DataSource pool) {
    this.pool = pool;
  }

  @Override
  public Optional<List<String>> of(List<String> qualifiedName) {
    return cache.computeIfAbsent(List.copyOf(qualifiedName), this::read);
  }

  @Override
  public List<IndexLead> indexes(List<String> qualifiedName) {
    return indexes.computeIfAbsent(List.copyOf(qualifiedName), this::readIndexes);
  }

  private List<IndexLead> readIndexes(List<String> name) {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(INDEX_LEADS)) {
      ps.setString(1, regclass(name));
      List<IndexLead> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new IndexLead(rs.getString(1), rs.getBoolean(2)));
        }
      }
      return List.copyOf(out);
    } catch (SQLException e) {
      // No index known: the rewrite keeps the form that needs none.
      return List.of();
    }
  }

  private static String regclass(List<String> name) {
    return name.stream().map(Quoting::identifier).collect(Collectors.joining("."));
  }

  private Optional<List<String>> read(List<String> name) {
    String regclass = regclass(name);
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
