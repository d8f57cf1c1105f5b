package io.cutover.migration.runbook;

import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application inserting one row at a time on its own connection until stopped, keeping the
 * longest an insert waited: what a DDL step behind a held lock must not make longer than its
 * lock timeout.
 */
public final class TimedInserts {

  private final AtomicBoolean writing = new AtomicBoolean(true);
  private final AtomicLong longestMs = new AtomicLong();
  private final AtomicLong inserted = new AtomicLong();
  private final CompletableFuture<Void> writer;

  private TimedInserts(TestDatabase db, String insert) {
    writer = CompletableFuture.runAsync(() -> {
      try (Connection w = db.connect(); Statement st = w.createStatement()) {
        while (writing.get()) {
          long t = System.nanoTime();
          st.execute(insert);
          longestMs.accumulateAndGet((System.nanoTime() - t) / 1_000_000, Math::max);
          inserted.incrementAndGet();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  public static TimedInserts start(TestDatabase db, String insert) {
    return new TimedInserts(db, insert);
  }

  /** Stops the writer and waits for it; an insert that failed fails here. */
  public void stop() throws Exception {
    writing.set(false);
    writer.get(30, TimeUnit.SECONDS);
  }

  public long longestMs() {
    return longestMs.get();
  }

  public long inserted() {
    return inserted.get();
  }
}
