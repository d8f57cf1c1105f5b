package io.cutover.migration.backfill;

import java.util.Locale;
import java.util.Optional;

/**
 * How long the batches of one run held their row locks, against {@code --max-lock-ms}: every
 * batch, committed or cancelled, counted from its UPDATE to the end of its COMMIT or ROLLBACK.
 * The bound is enforced on the UPDATE (a statement timeout), but a server acts on a cancel only
 * between waits, and an fsync of a full WAL segment or a stalled disk is one wait: a batch can end
 * past the bound. Such a batch is not hidden: it is counted here, shown in the status line and
 * the run's summary, and the next batch is smaller and its UPDATE cancelled earlier
 * ({@link BackfillBatch}). Shared by a run's workers; thread-safe.
 */
final class LockHolds {

  /** Holds are kept by whole millisecond up to this, longer ones in its last slot: percentiles stay exact below it. */
  private static final int SLOTS = 60_000;

  /**
   * One batch's hold.
   *
   * @param statementMs from the UPDATE's start to its end (its result, or its cancel taking effect)
   * @param afterMs what followed while the locks were still held: the checkpoint and the COMMIT, or the ROLLBACK
   * @param committed false for a try cancelled past the bound and rolled back
   */
  record Hold(long statementMs, long afterMs, boolean committed) {

    long totalMs() {
      return statementMs + afterMs;
    }

    /** E.g. {@code 312 ms (update 180 ms, commit 132 ms)}. */
    String describe() {
      return String.format(Locale.ROOT, "%d ms (update %d ms, %s %d ms)", totalMs(), statementMs,
          committed ? "commit" : "cancelled, rollback", afterMs);
    }
  }

  private final long boundMs;
  private final int[] counts = new int[SLOTS];
  private long batches;
  private long overBound;
  private Optional<Hold> longest = Optional.empty();

  LockHolds(long boundMs) {
    this.boundMs = boundMs;
  }

  synchronized void add(Hold hold) {
    counts[(int) Math.min(SLOTS - 1, Math.max(0, hold.totalMs()))]++;
    batches++;
    if (boundMs > 0 && hold.totalMs() > boundMs) {
      overBound++;
    }
    if (longest.map(l -> hold.totalMs() > l.totalMs()).orElse(true)) {
      longest = Optional.of(hold);
    }
  }

  synchronized long longestMs() {
    return longest.map(Hold::totalMs).orElse(0L);
  }

  synchronized long overBound() {
    return overBound;
  }

  /** The hold that {@code fraction} of the batches stayed within (nearest rank), 0 before any batch. */
  synchronized long percentileMs(double fraction) {
    long rank = (long) Math.ceil(fraction * batches);
    long seen = 0;
    for (int ms = 0; ms < SLOTS; ms++) {
      seen += counts[ms];
      if (seen >= Math.max(1, rank)) {
        return ms;
      }
    }
    return 0;
  }

  /** For the status line while batches went over the bound, e.g. {@code 2 batches over 250 ms, longest 349 ms}; else empty. */
  synchronized String status() {
    return overBound == 0 ? "" : String.format(Locale.ROOT, "%,d batch%s over %d ms, longest %d ms", overBound,
        overBound == 1 ? "" : "es", boundMs, longestMs());
  }

  /**
   * For the run's summary, after "Row locks held": {@code p50 84 ms, p99 201 ms, longest 349 ms
   * (update 340 ms, cancelled, rollback 9 ms); 2 batches over --max-lock-ms 250 ms, ...}; empty
   * before any batch. Scripts may match its words: keep them stable.
   */
  synchronized String describe() {
    if (batches == 0) {
      return "";
    }
    String held = String.format(Locale.ROOT, "p50 %d ms, p99 %d ms, longest %s", percentileMs(0.5),
        percentileMs(0.99), longest.map(Hold::describe).orElse("0 ms"));
    if (overBound == 0) {
      return held;
    }
    return held + String.format(Locale.ROOT, "; %,d batch%s over --max-lock-ms %d ms (a slow disk or an"
        + " overloaded machine delayed a cancel or a commit): after each, the next UPDATE is cancelled earlier and an"
        + " adaptive batch halved",
        overBound, overBound == 1 ? "" : "es", boundMs);
  }
}
