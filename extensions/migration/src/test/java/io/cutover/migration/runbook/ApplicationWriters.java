package io.cutover.migration.runbook;

import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application at full speed: threads inserting heartbeats and changing the dimensions of
 * existing ones (odd values included), each on its own connection, until closed. Closing rethrows
 * the first error a writer saw: a deadlock or a lock timeout would surface there.
 */
final class ApplicationWriters implements AutoCloseable {

  private static final String[] VALUES = {"Ruby", "ruby", "Go", "", "Zig ", "Ελληνικά", "it's", "new-"};

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong writes = new AtomicLong();
  private final List<CompletableFuture<Void>> writers = new ArrayList<>();

  /** @param existing the highest id an update may pick */
  ApplicationWriters(TestDatabase db, int threads, int existing) {
    for (int w = 0; w < threads; w++) {
      int seed = w;
      writers.add(CompletableFuture.runAsync(() -> write(db, new Random(seed), existing)));
    }
  }

  private void write(TestDatabase db, Random random, int existing) {
    try (Connection c = db.connect();
         PreparedStatement insert = c.prepareStatement("insert into heartbeats (user_id, time, language, editor, project)"
             + " values (?, 1767300000, ?, ?, ?)");
         PreparedStatement update = c.prepareStatement("update heartbeats set language = ?, project = ? where id = ?")) {
      while (running.get()) {
        String v = VALUES[random.nextInt(VALUES.length)] + (random.nextInt(10) == 0 ? random.nextInt(1000) : "");
        if (random.nextBoolean()) {
          insert.setLong(1, 1 + random.nextInt(60));
          insert.setString(2, random.nextInt(20) == 0 ? null : v);
          insert.setString(3, v);
          insert.setString(4, "p" + random.nextInt(30));
          insert.executeUpdate();
        } else {
          update.setString(1, random.nextInt(20) == 0 ? null : v);
          update.setString(2, "p" + random.nextInt(30));
          update.setLong(3, 1 + random.nextInt(existing));
          update.executeUpdate();
        }
        writes.incrementAndGet();
      }
    } catch (Exception e) {
      throw new IllegalStateException("a writer failed: " + e.getMessage(), e);
    }
  }

  long writes() {
    return writes.get();
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    for (CompletableFuture<Void> f : writers) {
      f.get(60, TimeUnit.SECONDS);
    }
  }
}
