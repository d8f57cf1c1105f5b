package io.cutover.migration.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How many workers a long copy runs, as its status line and summary say, after signals of known values. */
class WorkforceTest {

  private static final long SECOND = 1_000_000_000L;
  private static final List<Throttle> LAGGING = List.of(new Throttle(
      new Reading(Signal.STANDBY_REPLAY_LAG, "replica1", Optional.of(14_200.0)), 10_000));

  @Test
  void startsWithAQuarterOfTheServersCoresAndRunsHalfAtMostCappedByTheOptionAndThePool() {
    assertEquals("4 of 8 workers", Workforce.forCores(Optional.of(16), Optional.empty()).status());
    assertEquals("1 of 2 workers", Workforce.forCores(Optional.of(2), Optional.empty()).status());
    assertEquals("1 of 2 workers", Workforce.forCores(Optional.empty(), Optional.empty()).status());
    assertEquals("3 of 3 workers", Workforce.forCores(Optional.of(16), Optional.of(3)).status());
    assertEquals("8 of 8 workers", Workforce.forCores(Optional.of(64), Optional.empty()).status());
    assertEquals("1 of 1 worker", Workforce.forCores(Optional.of(64), Optional.of(1)).status());
  }

  @Test
  void addsOneWorkerEveryThreeHealthySecondsAndHalvesWhenASignalRises() {
    AtomicLong now = new AtomicLong();
    Workforce w = Workforce.forCores(Optional.of(2), Optional.of(4), now::get);
    w.adjust(List.of(), 0);
    assertEquals("1 of 4 workers", w.status(), "not before three seconds");
    for (int i = 1; i <= 4; i++) {
      now.addAndGet(3 * SECOND);
      w.adjust(List.of(), 0);
    }
    assertEquals("4 of 4 workers", w.status());
    now.addAndGet(SECOND);
    w.adjust(LAGGING, 0);
    assertEquals("2 of 4 workers", w.status());
    w.adjust(LAGGING, 0);
    assertEquals("2 of 4 workers", w.status(), "once a second at most: the signals are read that often");
    now.addAndGet(SECOND);
    w.adjust(LAGGING, 0);
    w.adjust(LAGGING, 0);
    assertEquals("1 of 4 workers", w.status());
    now.addAndGet(3 * SECOND);
    w.adjust(List.of(), 0);
    assertEquals("2 of 4 workers", w.status(), "healthy again: it grows back");
    now.addAndGet(SECOND);
    w.adjust(List.of(), 1);
    assertEquals("1 of 4 workers", w.status(), "a batch past the lock bound since the last change: one fewer");
    assertEquals("Workers 1 to 4 of at most 4 (started with 1), shed 3 times (standby replay lag, batches past the lock"
        + " bound)", w.describe());
  }
}
