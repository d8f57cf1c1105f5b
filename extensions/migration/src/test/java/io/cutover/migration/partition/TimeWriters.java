package io.cutover.migration.partition;

import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application writing a table being converted to time partitions, keeping a ledger of every
 * write the server acknowledged: threads insert rows dated now, next year (clients' clocks) and in
 * 1990, move rows to other times (so to other partitions) and change them, and delete them, each
 * on its own autocommit connection, on rows they own (their inserts, and existing ids modulo the
 * thread count). Closing rethrows a failed write: writes must never fail.
 */
final class TimeWriters implements AutoCloseable {

  /** A row as the ledger knows it: its time and language, or empty when deleted. */
  record Row(double time, Optional<String> language) {
  }

  private static final String[] VALUES = {"Ruby", "ruby", "", "Ελληνικά", "it's", "x".repeat(3000)};
  private static final double DAY = 86_400;

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong futureOrPast = new AtomicLong();
  private final Map<Long, Optional<Row>> ledger = new ConcurrentHashMap<>();
  private final List<CompletableFuture<Void>> writers = new ArrayList<>();
  private final String table;

  /** @param table the table, qualified and quoted; ids 1..existing may be changed and deleted */
  TimeWriters(TestDatabase db, String table, int threads, int existing) {
    this.table = table;
    for (int w = 0; w < threads; w++) {
      int thread = w;
      writers.add(CompletableFuture.runAsync(() -> write(db, new Random(thread), thread, threads, existing)));
    }
  }

  private double time(Random random) {
    double now = System.currentTimeMillis() / 1000.0;
    return switch (random.nextInt(5)) {
      case 0 -> now + 400 * DAY + random.nextInt(1000); // a client whose clock is a year ahead
      case 1 -> 631_152_000 + random.nextInt(1000); // 1990
      default -> now - random.nextDouble() * 30 * DAY;
    };
  }

  private void write(TestDatabase db, Random random, int thread, int threads, int existing) {
    List<Long> owned = new ArrayList<>();
    for (long id = 1 + thread; id <= existing; id += threads) {
      owned.add(id);
    }
    try (Connection c = db.connect();
         PreparedStatement insert = c.prepareStatement("insert into " + table + " (user_id, \"time\", language, lang_id)"
             + " values (?, ?, ?, ?) returning id");
         PreparedStatement update = c.prepareStatement("update " + table + " set \"time\" = ?, language = ? where id = ?");
         PreparedStatement delete = c.prepareStatement("delete from " + table + " where id = ?")) {
      while (running.get()) {
        double time = time(random);
        String language = random.nextInt(10) == 0 ? null : VALUES[random.nextInt(VALUES.length)];
        int op = random.nextInt(10);
        if (op < 5 || owned.isEmpty()) {
          insert.setInt(1, 1 + random.nextInt(10));
          insert.setDouble(2, time);
          insert.setString(3, language);
          insert.setInt(4, 1 + random.nextInt(3));
          try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            ledger.put(rs.getLong(1), Optional.of(new Row(time, Optional.ofNullable(language))));
            owned.add(rs.getLong(1));
          }
        } else if (op < 9) {
          long id = owned.get(random.nextInt(owned.size()));
          update.setDouble(1, time);
          update.setString(2, language);
          update.setLong(3, id);
          if (update.executeUpdate() != 1) {
            throw new IllegalStateException("row " + id + " vanished before its writer updated it");
          }
          ledger.put(id, Optional.of(new Row(time, Optional.ofNullable(language))));
        } else {
          long id = owned.remove(random.nextInt(owned.size()));
          delete.setLong(1, id);
          if (delete.executeUpdate() != 1) {
            throw new IllegalStateException("row " + id + " vanished before its writer deleted it");
          }
          ledger.put(id, Optional.empty());
        }
        if (op < 9 && (time > System.currentTimeMillis() / 1000.0 + DAY || time < 700_000_000)) {
          futureOrPast.incrementAndGet();
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

  /** Writes dated a day or more ahead, or in 1990. */
  long futureOrPast() {
    return futureOrPast.get();
  }

  /**
   * The acknowledged writes the table does not show, one line each (empty when none is lost); and
   * the rows no writer touched must equal those of {@code untouchedFrom} (the old table).
   */
  List<String> lost(TestDatabase db, String untouchedFrom) throws SQLException {
    Map<Long, Row> actual = new HashMap<>();
    try (Connection c = db.connect();
         PreparedStatement ps = c.prepareStatement("select id, \"time\", language from " + table);
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        actual.put(rs.getLong(1), new Row(rs.getDouble(2), Optional.ofNullable(rs.getString(3))));
      }
    }
    List<String> out = new ArrayList<>();
    ledger.forEach((id, expected) -> {
      Row row = actual.get(id);
      if (expected.isEmpty() ? row != null : !expected.get().equals(row)) {
        out.add("row " + id + ": acknowledged " + expected.map(Row::toString).orElse("deleted") + ", table has " + row);
      }
    });
    String ids = ledger.keySet().stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("0");
    String untouched = "select md5(coalesce(string_agg(to_jsonb(h)::text, ',' order by id), '')) from %s h"
        + " where id <> all ('{" + ids + "}'::bigint[])";
    if (!db.value(String.format(Locale.ROOT, untouched, untouchedFrom)).equals(db.value(String.format(Locale.ROOT, untouched, table)))) {
      out.add("the rows no writer touched differ from " + untouchedFrom);
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    for (CompletableFuture<Void> f : writers) {
      f.get(60, TimeUnit.SECONDS);
    }
  }
}
