package io.cutover.migration.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The holds a run's summary reports: percentiles by whole millisecond, and every batch past the bound counted. */
class LockHoldsTest {

  @Test
  void countsEveryBatchPastTheBoundCommittedOrCancelledAndNamesTheLongestsParts() {
    LockHolds holds = new LockHolds(250);
    for (int ms = 1; ms <= 98; ms++) {
      holds.add(new LockHolds.Hold(ms, 0, true));
    }
    holds.add(new LockHolds.Hold(200, 120, true));
    holds.add(new LockHolds.Hold(337, 12, false));
    assertEquals(2, holds.overBound());
    assertEquals(349, holds.longestMs());
    assertEquals("p50 50 ms, p99 320 ms, longest 349 ms (update 337 ms, cancelled, rollback 12 ms); 2 batches over"
        + " --max-lock-ms 250 ms (a slow disk or an overloaded machine delayed a cancel or a commit): after each, the next"
        + " UPDATE is cancelled earlier and an adaptive batch halved", holds.describe());
    assertEquals("2 batches over 250 ms, longest 349 ms", holds.status());
  }

  @Test
  void saysNothingBeforeAnyBatchAndNoViolationWithoutABound() {
    assertEquals("", new LockHolds(250).describe());
    LockHolds unbounded = new LockHolds(0);
    unbounded.add(new LockHolds.Hold(60_000, 5, true));
    assertEquals(0, unbounded.overBound());
    assertEquals("", unbounded.status());
    assertEquals("p50 59999 ms, p99 59999 ms, longest 60005 ms (update 60000 ms, commit 5 ms)", unbounded.describe());
  }
}
