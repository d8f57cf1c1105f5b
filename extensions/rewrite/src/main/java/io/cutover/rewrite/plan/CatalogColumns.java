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
 * Column names and index keys of the tables queries name. Columns are read when asked, on the
 * connection the rewrite is for: its search_path and temp tables decide which table a name is, and
 * an ALTER TABLE is seen at once. Index keys are read on a pooled connection and cached for the
 * rewriter's life (a new index is seen by the next \plan or trust change; it changes speed only).
 */
public final class CatalogColumns {

  // The table is resolved by the connection's search_path, as the query itself would be; to_regclass
  // answers NULL for a bad or missing name, so the read cannot fail the session's transaction.
  // AccessShareLock on catalogs only.
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

  // Whether the first name is a view whose rewrite rule reads the second table directly.
  private static final String VIEW_OF = """
      SELECT EXISTS (SELECT FROM pg_class v JOIN pg_rewrite r ON r.ev_class = v.oid
        JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
          AND d.refclassid = 'pg_class'::regclass AND d.refobjid = to_regclass(?)
        WHERE v.oid = to_regclass(?) AND v.relkind = 'v')
      """;

  /** schema.table at most: a name with a database part fails to_regclass ("cross-database references"). */
  private static final int MOST_PARTS = 2;

  private final DataSource pool;
  private final Map<List<String>, List<TableColumns.IndexLead>> indexes = new ConcurrentHashMap<>();

  public CatalogColumns(DataSource pool) {
    this.pool = pool;
  }

  /**
   * The tables as {@code connection} sees them now. Use it from the thread that owns the connection.
   *
   * @param connection the session's, whose statements the rewrite is for (or a pooled one for names
   *     that are qualified)
   */
  public TableColumns on(Connection connection) {
    return new TableColumns() {
      @Override
      public Optional<List<String>> of(List<String> qualifiedName) {
        return read(connection, qualifiedName);
      }

      @Override
      public List<IndexLead> indexes(List<String> qualifiedName) {
        return indexes.computeIfAbsent(List.copyOf(qualifiedName), CatalogColumns.this::readIndexes);
      }

      @Override
      public boolean isViewOf(List<String> name, List<String> table) {
        if (name.size() > MOST_PARTS) {
          return false;
        }
        try (PreparedStatement ps = connection.prepareStatement(VIEW_OF)) {
          ps.setString(1, regclass(table));
          ps.setString(2, regclass(name));
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
          }
        } catch (SQLException e) {
          return false;
        }
      }
    };
  }

  private List<TableColumns.IndexLead> readIndexes(List<String> name) {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(INDEX_LEADS)) {
      ps.setString(1, regclass(name));
      List<TableColumns.IndexLead> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new TableColumns.IndexLead(rs.getString(1), rs.getBoolean(2)));
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

  private static Optional<List<String>> read(Connection c, List<String> name) {
    if (name.size() > MOST_PARTS) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
      ps.setString(1, regclass(name));
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
