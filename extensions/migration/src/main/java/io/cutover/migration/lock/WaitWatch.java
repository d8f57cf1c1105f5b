package io.cutover.migration.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches sessions that may wait for a lock, from a monitor connection of its own thread: asks
 * {@link Blockers} often while the watched work runs, so a wait as short as a lock timeout is
 * seen, remembers the last blocker seen, and tells a listener at each look (a status line).
 * The monitor connection is the watch's until it is closed.
 */
public final class WaitWatch implements AutoCloseable {

  /** Quick looks at first (a lock_timeout of 200 ms must be caught), slower once the work runs long. */
  private static final long FIRST_INTERVAL_MS = 20;
  private static final long LATER_INTERVAL_MS = 250;
  private static final long QUICK_PHASE_MS = 2_000;

  private final AtomicReference<Optional<Blockers.Blocker>> lastSeen = new AtomicReference<>(Optional.empty());
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param waiters the pids to watch, read at each look (workers come and go)
   * @param listener told at each look who blocks now (empty: nobody), on the watch's thread
   */
  public WaitWatch(Connection monitor, Supplier<int[]> waiters, Consumer<Optional<Blockers.Blocker>> listener) {
    long start = System.nanoTime();
    thread = new Thread(() -> {
      while (running) {
        try {
          Optional<Blockers.Blocker> now = Blockers.of(monitor, waiters.get());
          now.ifPresent(b -> lastSeen.set(now));
          listener.accept(now);
        } catch (SQLException e) {
          // Naming the blocker is a courtesy: a failed look leaves the last one and the work goes on.
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        try {
          Thread.sleep(elapsedMs < QUICK_PHASE_MS ? FIRST_INTERVAL_MS : LATER_INTERVAL_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "cutover-wait-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** The last session seen blocking a watched one, since the watch started. */
  public Optional<Blockers.Blocker> lastSeen() {
    return lastSeen.get();
  }

  /** Stops looking and waits for the thread, so the monitor connection is free again. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
