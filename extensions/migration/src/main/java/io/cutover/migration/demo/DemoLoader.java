package io.cutover.migration.demo;

import io.cutover.shell.spi.Cancellation;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.Progress;
import io.cutover.shell.spi.SqlScript;
import io.cutover.migration.pacing.Budgets;
import io.cutover.migration.pacing.Pacer;
import io.cutover.migration.state.SqlValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Loads the example data set: users, then heartbeats generated in row ranges on several
 * connections at once, with the table's secondary indexes dropped during the load and built
 * after it (as pg_restore does: one sort per index instead of a million index inserts).
 */
final class DemoLoader {

  private static final long CHUNK = 50_000;
  private static final Set<String> PARAMETERS = Set.of("seed", "users", "first", "last");
  private static final String SECONDARY_INDEXES = """
      SELECT i.indexrelid::regclass::text, pg_catalog.pg_get_indexdef(i.indexrelid)
      FROM pg_catalog.pg_index i
      WHERE i.indrelid = 'heartbeats'::regclass AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid)
      """;

  private final DataSource pool;
  private final Printer printer;
  private final Cancellation cancellation;
  private final int workers;
  private final Budgets budgets;

  DemoLoader(DataSource pool, Printer printer, Cancellation cancellation, int workers, Budgets budgets) {
    this.pool = pool;
    this.printer = printer;
    this.cancellation = cancellation;
    this.workers = workers;
    this.budgets = budgets;
  }

  /** Replaces the data of heartbeats and users with {@code rows} generated rows; returns how its pacing held it back. */
  Pacer.Summary load(long rows, long seed) throws Exception {
    long users = Math.max(10, rows / 500);
    Map<String, Long> values = Map.of("seed", seed, "users", users);
    List<String[]> indexes;
    Pacer pacer;
    try (Connection c = pool.getConnection()) {
      pacer = new Pacer(budgets, SqlValues.one(c, Long.class, "SELECT 'heartbeats'::regclass::oid::bigint"), Optional.empty());
      run(c, SqlScript.splitWithParameters(ExampleScripts.read(ExampleScripts.USERS), PARAMETERS), values);
      indexes = secondaryIndexes(c);
      for (String[] ix : indexes) {
        execute(c, "DROP INDEX " + ix[0]);
      }
    }
    List<SqlScript.Parameterized> generate = SqlScript.splitWithParameters(ExampleScripts.read(ExampleScripts.GENERATE),
        PARAMETERS);
    AtomicLong next = new AtomicLong(1);
    AtomicLong done = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(workers);
    try (Progress progress = printer.progress("heartbeats", rows)) {
      List<Future<?>> results = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        results.add(threads.submit(() -> {
          try (Connection c = pool.getConnection()) {
            for (long first = next.getAndAdd(CHUNK); first <= rows; first = next.getAndAdd(CHUNK)) {
              cancellation.throwIfCancelled();
              long last = Math.min(rows, first + CHUNK - 1);
              long t0 = System.nanoTime();
              run(c, generate, Map.of("seed", seed, "users", users, "first", first, "last", last));
              long loaded = done.addAndGet(last - first + 1);
              progress.update(loaded, workers + " connections");
              pacer.between(c, (System.nanoTime() - t0) / 1_000_000, () -> {
                String why = pacer.status();
                progress.update(loaded, workers + " connections" + (why.isEmpty() ? "" : "  (" + why + ")"));
                return cancellation.isCancelled();
              });
            }
          }
          return null;
        }));
      }
      for (Future<?> f : results) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
    buildIndexes(indexes);
    try (Connection c = pool.getConnection()) {
      execute(c, "SELECT setval(pg_get_serial_sequence('heartbeats', 'id'), greatest(1, (SELECT max(id) FROM heartbeats)))");
      execute(c, "ANALYZE heartbeats");
      execute(c, "ANALYZE users");
    }
    return pacer.summary();
  }

  private void buildIndexes(List<String[]> indexes) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (String[] ix : indexes) {
        results.add(threads.submit(() -> {
          try (Connection c = pool.getConnection()) {
            execute(c, ix[1]);
          }
          return null;
        }));
      }
      for (Future<?> f : results) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static List<String[]> secondaryIndexes(Connection c) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SECONDARY_INDEXES)) {
      while (rs.next()) {
        out.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    return out;
  }

  static void run(Connection c, List<SqlScript.Parameterized> statements, Map<String, Long> values) throws SQLException {
    for (SqlScript.Parameterized s : statements) {
      try (PreparedStatement ps = c.prepareStatement(s.sql())) {
        for (int i = 0; i < s.names().size(); i++) {
          ps.setLong(i + 1, values.get(s.names().get(i)));
        }
        ps.execute();
      }
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  static void checkRows(long rows) throws CommandException {
    if (rows < 1 || rows > 1_000_000_000L) {
      throw new CommandException("ROWS must be between 1 and 1,000,000,000, not " + rows);
    }
  }
}
