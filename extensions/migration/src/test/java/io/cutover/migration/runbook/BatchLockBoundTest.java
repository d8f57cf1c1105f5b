package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * --max-lock-ms is enforced, not hoped for: a batch whose UPDATE runs past it is cancelled and
 * rolled back, and its rows are tried again fewer at a time. Here one row's update is made slow on
 * purpose (a trigger that sleeps), so every batch holding it runs over the bound.
 */
@org.junit.jupiter.api.Tag("postgres")
class BatchLockBoundTest {

  @Test
  void aBatchPastTheBoundIsRolledBackRetriedSmallerAndTheRunResumesOnceTheCauseIsGone() throws Exception {
    TestDatabase db = ExpandedExample.create("lockbound", 2_000);
    db.execute("create function slow_row() returns trigger language plpgsql as $$"
        + " begin if new.id = 1500 then perform pg_sleep(0.5); end if; return new; end $$");
    db.execute("create trigger slow_row before update on heartbeats for each row execute function slow_row()");

    var slowed = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\backfill --max-lock-ms 200").run();
    assertNotEquals(0, slowed.status(), slowed.toString());
    assertTrue(slowed.err().contains("a batch of 1 row held its row locks past --max-lock-ms (200 ms) 6 times in a row"),
        slowed.err());
    assertTrue(slowed.err().contains("raise --max-lock-ms"), slowed.err());
    // Batches before the slow row are in; the slow row's batch never committed, not even in part.
    assertEquals("t", db.value("select count(*) > 1000 from heartbeats where id < 1500 and language_id is not null"));
    assertEquals("0", db.value("select count(*) from heartbeats where id >= 1500 and language_id is not null"));

    // No process holds the run any more: it reads as stopped, and the runbook's next step is \backfill.
    var status = ShellRun.on(db).args("-c", "\\backfill status", "-c", "\\status").run();
    assertTrue(status.out().contains("Backfill stopped"), status.out());
    assertTrue(status.out().contains("\\backfill resumes it from the checkpoint"), status.out());
    assertTrue(status.out().contains("Next: \\backfill"), status.out());
    // The cancelled tries held their locks too, and count in the longest hold: about the bound, never the sleep.
    long longest = Long.parseLong(db.value("select longest_batch_ms from cutover.backfill_runs"));
    assertTrue(longest >= 150 && longest < 500, "longest hold " + longest + " ms");

    db.execute("drop trigger slow_row on heartbeats");
    var resumed = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\backfill --max-lock-ms 200",
        "-c", "\\progress --exact").run();
    assertEquals(0, resumed.status(), resumed.toString());
    assertTrue(resumed.out().contains("Resuming the backfill"), resumed.out());
    assertEquals("0", db.value("select count(*) from heartbeats h left join heartbeat_languages l on l.id = h.language_id"
        + " where h.language is distinct from l.name"));
  }

  @Test
  void aFixedBatchSizePastTheBoundGivesUpToo() throws Exception {
    TestDatabase db = ExpandedExample.create("lockbound_fixed", 1_000);
    db.execute("create function slow_row() returns trigger language plpgsql as $$"
        + " begin if new.id = 700 then perform pg_sleep(0.5); end if; return new; end $$");
    db.execute("create trigger slow_row before update on heartbeats for each row execute function slow_row()");
    var r = ShellRun.on(db).args("-c", "\\backfill --batch-size 400 --max-lock-ms 200").run();
    assertNotEquals(0, r.status(), r.toString());
    assertTrue(r.err().contains("a batch of 400 rows held its row locks past --max-lock-ms (200 ms) 6 times in a row"),
        r.err());
    assertTrue(r.err().contains("or lower --batch-size"), r.err());
  }

  @Test
  void theBoundMustBeAboveTheTarget() {
    TestDatabase db = ExpandedExample.create("lockbound_args", 100);
    var r = ShellRun.on(db).args("-c", "\\backfill --target-ms 300 --max-lock-ms 200").run();
    assertNotEquals(0, r.status(), r.toString());
    assertTrue(r.err().contains("--max-lock-ms (200) must be above --target-ms (300)"), r.err());
  }
}
