package io.cutover.migration.lock;

import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.Progress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A status line for work that may wait for a lock without a timeout of its own (a long read such
 * as the exact check): it appears once the work waits, names the blocking session and how long
 * the wait has lasted, and is refreshed at each look of a {@link WaitWatch}.
 */
public final class WaitStatus implements Consumer<Optional<Blockers.Blocker>>, AutoCloseable {

  private final Printer printer;
  private final String label;
  private Progress progress;
  private long waitingSince;

  /** Work on the watched connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  private WaitStatus(Printer printer, String label) {
    this.printer = printer;
    this.label = label;
  }

  /**
   * Runs {@code work}, whose statements run on {@code c}, for statements that have no useful lock
   * timeout (a long scan, ANALYZE): while {@code c} waits for a lock, a status line labelled
   * {@code label} names the blocking session, watched from {@code monitor}.
   */
  public static <T> T around(Connection c, Connection monitor, Printer printer, String label, Work<T> work)
      throws SQLException {
    int pid = Blockers.pid(c);
    try (WaitStatus status = new WaitStatus(printer, label);
         WaitWatch watch = new WaitWatch(monitor, () -> new int[] {pid}, status)) {
      return work.run();
    }
  }

  @Override
  public synchronized void accept(Optional<Blockers.Blocker> blocker) {
    if (blocker.isEmpty()) {
      if (progress != null && waitingSince != 0) {
        progress.update(0, "running (the lock was granted)");
      }
      waitingSince = 0;
      return;
    }
    if (progress == null) {
      progress = printer.progress(label, -1);
    }
    if (waitingSince == 0) {
      waitingSince = System.nanoTime();
    }
    progress.update(0, "waiting " + Durations.describe((System.nanoTime() - waitingSince) / 1_000_000_000)
        + " for a lock held by " + blocker.get().describe() + "; Ctrl-C stops");
  }

  @Override
  public synchronized void close() {
    if (progress != null) {
      progress.close();
    }
  }
}
