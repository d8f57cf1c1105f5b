package io.cutover.shell.repl;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Names for completion, loaded off the terminal's thread on a pool connection (as pgcli does),
 * and reloaded after DDL. Until the first load ends, completion offers keywords only.
 */
final class CatalogCache implements AutoCloseable {

  /** Tables and columns visible to the user, excluding the system schemas. */
  private static final String COLUMNS = """
      SELECT n.nspname, c.relname, a.attname
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
      """;

  record Names(List<String> schemas, Map<String, List<String>> tablesBySchema, Map<String, List<String>> columnsByTable) {
    static Names empty() {
      return new Names(List.of(), Map.of(), Map.of());
    }
  }

  private final Supplier<DataSource> pool;
  private final AtomicReference<Names> names = new AtomicReference<>(Names.empty());
  private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "cutover-completion");
    t.setDaemon(true);
    return t;
  });

  CatalogCache(Supplier<DataSource> pool) {
    this.pool = pool;
  }

  Names names() {
    return names.get();
  }

  void refresh() {
    loader.submit(() -> {
      try (Connection c = pool.get().getConnection(); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery(COLUMNS)) {
        java.util.SortedSet<String> schemas = new java.util.TreeSet<>();
        Map<String, java.util.SortedSet<String>> tables = new java.util.HashMap<>();
        Map<String, java.util.SortedSet<String>> columns = new java.util.HashMap<>();
        while (rs.next()) {
          String schema = rs.getString(1);
          String table = rs.getString(2);
          schemas.add(schema);
          tables.computeIfAbsent(schema, k -> new java.util.TreeSet<>()).add(table);
          if (rs.getString(3) != null) {
            columns.computeIfAbsent(table, k -> new java.util.TreeSet<>()).add(rs.getString(3));
          }
        }
        names.set(new Names(List.copyOf(schemas), copy(tables), copy(columns)));
      } catch (SQLException | RuntimeException e) {
        // Completion is a convenience: a failed load leaves the previous names.
      }
    });
  }

  private static Map<String, List<String>> copy(Map<String, java.util.SortedSet<String>> m) {
    return m.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
  }

  @Override
  public void close() {
    loader.shutdownNow();
  }
}
