package io.cutover.shell.run;

import io.cutover.shell.spi.Progress;
import java.io.PrintStream;
import java.time.Duration;

/** Progress in a script: a line on stderr at most every few seconds, and one at the end. */
final class LineProgress implements Progress {

  private static final long INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

  private final PrintStream err;
  private final String label;
  private final long total;
  private long lastPrint = System.nanoTime();
  private long done;
  private String detail = "";

  LineProgress(PrintStream err, String label, long total) {
    this.err = err;
    this.label = label;
    this.total = total;
  }

  @Override
  public synchronized void update(long newDone, String newDetail) {
    done = newDone;
    detail = newDetail;
    long now = System.nanoTime();
    if (now - lastPrint >= INTERVAL_NANOS) {
      lastPrint = now;
      err.println(ProgressText.line(label, done, total, detail, 30));
    }
  }

  @Override
  public synchronized void close() {
    err.println(ProgressText.line(label, done, total, detail, 30));
  }
}
