package io.cutover.migration.runbook;

import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application at full speed, keeping a ledger of every write the server acknowledged: threads
 * that insert heartbeats, change and delete the rows they own (rows they inserted, and existing
 * ones whose id modulo the thread count is theirs), each on its own autocommit connection. After
 * a migration step, {@link #lost} compares the ledger with the table row by row. A write that
 * fails is a failure of the step under test: closing rethrows it.
 */
final class LedgerWriters implements AutoCloseable {

  /** A row as the ledger knows it: the last acknowledged values, or deleted. */
  record Expected(Optional<String> language, String project, boolean deleted) {
    static Expected deletedRow() {
      return new Expected(Optional.empty(), "", true);
    }
  }

  private static final String[] VALUES = {"Ruby", "ruby", "Go", "", "Zig ", "Ελληνικά", "it's", "new-"};

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong writes = new AtomicLong();
  private final Map<Long, Expected> ledger = new ConcurrentHashMap<>();
  private final List<CompletableFuture<Void>> writers = new ArrayList<>();
  /** Rows a writer found gone when it came back to them: lost before the end. */
  private final List<String> vanished = java.util.Collections.synchronizedList(new ArrayList<>());

  /** @param existing ids 1..existing are rows of the table the writers may change and delete */
  LedgerWriters(TestDatabase db, int threads, int existing) {
    for (int w = 0; w < threads; w++) {
      int thread = w;
      writers.add(CompletableFuture.runAsync(() -> write(db, new Random(thread), thread, threads, existing)));
    }
  }

  private void write(TestDatabase db, Random random, int thread, int threads, int existing) {
    List<Long> owned = new ArrayList<>();
    for (long id = 1 + thread; id <= existing; id += threads) {
      owned.add(id);
    }
    try (Connection c = db.connect();
         PreparedStatement insert = c.prepareStatement("insert into heartbeats (user_id, time, language, editor, project)"
             + " values (?, 1767300000, ?, 'vim', ?) returning id");
         PreparedStatement update = c.prepareStatement("update heartbeats set language = ?, project = ? where id = ?");
         PreparedStatement delete = c.prepareStatement("delete from heartbeats where id = ?")) {
      while (running.get()) {
        String v = VALUES[random.nextInt(VALUES.length)] + (random.nextInt(10) == 0 ? random.nextInt(1000) : "");
        String language = random.nextInt(20) == 0 ? null : v;
        String project = "p" + random.nextInt(30);
        int op = random.nextInt(10);
        if (op < 5 || owned.isEmpty()) {
          insert.setLong(1, 1 + random.nextInt(10));
          insert.setString(2, language);
          insert.setString(3, project);
          try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            long id = rs.getLong(1);
            ledger.put(id, new Expected(Optional.ofNullable(language), project, false));
            owned.add(id);
          }
        } else if (op < 9) {
          long id = owned.get(random.nextInt(owned.size()));
          update.setString(1, language);
          update.setString(2, project);
          update.setLong(3, id);
          if (update.executeUpdate() != 1) {
            vanished.add("row " + id + ": acknowledged " + ledger.get(id) + ", gone when its writer updated it");
            owned.remove(id);
            continue;
          }
          ledger.put(id, new Expected(Optional.ofNullable(language), project, false));
        } else {
          long id = owned.remove(random.nextInt(owned.size()));
          delete.setLong(1, id);
          if (delete.executeUpdate() != 1) {
            vanished.add("row " + id + ": acknowledged " + ledger.get(id) + ", gone when its writer deleted it");
          }
          ledger.put(id, Expected.deletedRow());
        }
        writes.incrementAndGet();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("an application write failed: " + e.getMessage(), e);
    }
  }

  long writes() {
    return writes.get();
  }

  /**
   * The acknowledged writes the table does not show, one line each (empty when none is lost); and
   * every row no writer touched must be as in {@code untouchedFrom} (the old table, which kept them).
   */
  List<String> lost(TestDatabase db, String untouchedFrom) throws SQLException {
    Map<Long, Expected> actual = new HashMap<>();
    try (Connection c = db.connect();
         PreparedStatement ps = c.prepareStatement("select id, language, project from heartbeats");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        actual.put(rs.getLong(1), new Expected(Optional.ofNullable(rs.getString(2)), rs.getString(3), false));
      }
    }
    List<String> out = new ArrayList<>(vanished);
    ledger.forEach((id, expected) -> {
      Expected row = actual.get(id);
      if (expected.deleted() ? row != null : !expected.equals(row)) {
        out.add("row " + id + ": acknowledged " + expected + ", table has " + row);
      }
    });
    String ids = ledger.keySet().stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("0");
    String untouched = "select md5(coalesce(string_agg(to_jsonb(h)::text, ',' order by id), '')) from %s h"
        + " where id <> all ('{" + ids + "}'::bigint[])";
    String expectedRows = db.value(String.format(java.util.Locale.ROOT, untouched, untouchedFrom));
    String actualRows = db.value(String.format(java.util.Locale.ROOT, untouched, "(select " + columnsOf(db, untouchedFrom) + " from heartbeats)"));
    if (!expectedRows.equals(actualRows)) {
      out.add("the rows no writer touched differ from " + untouchedFrom);
    }
    return out;
  }

  /** The columns of {@code table} in its order, so that two layouts compare as JSON alike. */
  private static String columnsOf(TestDatabase db, String table) throws SQLException {
    return db.value("select string_agg(quote_ident(attname), ', ' order by attnum) from pg_attribute"
        + " where attrelid = '" + table + "'::regclass and attnum > 0 and not attisdropped");
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    for (CompletableFuture<Void> f : writers) {
      f.get(60, TimeUnit.SECONDS);
    }
  }
}
