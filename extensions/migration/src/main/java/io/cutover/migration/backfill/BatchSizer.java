package io.cutover.migration.backfill;

/**
 * Adapts the batch size to a target batch time, as GitLab's batch optimizer does, within fixed
 * bounds. The target is a ceiling more than a mean, since the longest batch is what the
 * application waits for. So: quick down, slow up. A slower batch than expected counts at once
 * (and the size may halve), a faster one only smoothed, and the size grows by at most a quarter
 * per batch, where a step of ×2 let one fast batch double the next. The bound itself is enforced
 * elsewhere ({@code --max-lock-ms}): at 1M rows, a checkpoint or autovacuum still doubled a batch
 * now and then with either sizer.
 */
public final class BatchSizer {

  static final int MIN_ROWS = 100;
  static final int MAX_ROWS = 100_000;
  private static final int FIRST_ROWS = 1_000;
  private static final double SMOOTHING = 0.4;

  private final long targetMs;
  private final boolean fixed;
  private int size;
  private double msPerRow = -1;

  private BatchSizer(int size, long targetMs, boolean fixed) {
    this.size = size;
    this.targetMs = targetMs;
    this.fixed = fixed;
  }

  public static BatchSizer adaptive(long targetMs) {
    return new BatchSizer(FIRST_ROWS, targetMs, false);
  }

  public static BatchSizer fixed(int rows) {
    return new BatchSizer(rows, 0, true);
  }

  public int size() {
    return size;
  }

  /** After a batch of {@code rows} rows that took {@code ms}. */
  public void observe(long rows, long ms) {
    if (fixed || rows <= 0) {
      return;
    }
    double sample = Math.max(0.001, ms) / rows;
    msPerRow = msPerRow < 0 || sample > msPerRow ? sample : SMOOTHING * sample + (1 - SMOOTHING) * msPerRow;
    long ideal = Math.round(targetMs / msPerRow);
    long grown = (long) size + Math.max(1, size / 4);
    size = (int) Math.max(MIN_ROWS, Math.min(MAX_ROWS, Math.max(size / 2, Math.min(grown, ideal))));
  }

  /**
   * A batch past the lock bound: half, so the next try holds its locks for less, down to one row (on
   * an overloaded server even 100 rows may not fit; the next good batch grows back to the minimum).
   */
  public void shrink() {
    if (!fixed) {
      size = Math.max(1, size / 2);
    }
  }
}
