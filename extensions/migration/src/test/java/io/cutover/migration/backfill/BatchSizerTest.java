package io.cutover.migration.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The batch size a user sees in the progress bar, after batches of known times. */
class BatchSizerTest {

  @Test
  void aSlowBatchShrinksTheNextOneToTheTargetAtOnce() {
    BatchSizer sizer = BatchSizer.adaptive(150);
    sizer.observe(1_000, 150); // 0.15 ms a row: on target
    assertEquals(1_000, sizer.size());
    sizer.observe(1_000, 200); // a third slower: the next batch is sized from this one alone
    assertEquals(750, sizer.size());
  }

  @Test
  void aFastBatchGrowsTheNextByAQuarterAtMost() {
    BatchSizer sizer = BatchSizer.adaptive(150);
    sizer.observe(1_000, 150);
    sizer.observe(1_000, 30); // five times faster, once
    assertEquals(1_250, sizer.size());
    for (int i = 0; i < 50; i++) {
      sizer.observe(sizer.size(), sizer.size() * 150L / 1_000);
    }
    // Times are whole milliseconds, so "on target" is within a percent.
    assertTrue(Math.abs(sizer.size() - 1_000) <= 10, "back on target at the old speed again: " + sizer.size());
  }

  @Test
  void staysWithinItsBoundsAndAFixedSizeNeverMoves() {
    BatchSizer sizer = BatchSizer.adaptive(150);
    for (int i = 0; i < 30; i++) {
      sizer.observe(sizer.size(), 60_000);
    }
    assertEquals(BatchSizer.MIN_ROWS, sizer.size());
    BatchSizer fixed = BatchSizer.fixed(5_000);
    fixed.observe(5_000, 60_000);
    fixed.shrink();
    assertEquals(5_000, fixed.size());
    BatchSizer fast = BatchSizer.adaptive(150);
    for (int i = 0; i < 60; i++) {
      fast.observe(fast.size(), 1);
    }
    assertEquals(BatchSizer.MAX_ROWS, fast.size());
  }

  @Test
  void aBatchPastTheLockBoundShrinksToOneRowAndAGoodBatchGrowsItBackToTheMinimum() {
    BatchSizer sizer = BatchSizer.adaptive(150);
    for (int i = 0; i < 12; i++) {
      sizer.shrink();
    }
    assertEquals(1, sizer.size());
    sizer.observe(1, 1);
    assertEquals(BatchSizer.MIN_ROWS, sizer.size());
  }
}
