package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/** \dualwrite off during a backfill: the backfill notices, stops and says why and what to run. */
@org.junit.jupiter.api.Tag("postgres")
class DualWriteOffMidRunTest {

  @Test
  void theBackfillStopsWhenDualWriteGoesOffAndTheNextRunCoversTheRowsWrittenMeanwhile() throws Exception {
    TestDatabase db = ExpandedExample.create("dualwrite_mid", 20000);
    try (ShellProcess p = Sessions.backfillUnderWay(db, "--batch-size 200 --sleep-ms 20 --max-lock-ms 10000", 1000)) {
      var off = ShellRun.on(db).args("-c", "\\dualwrite off").run();
      assertEquals(0, off.status(), off.toString());
      // Written while dual-write is off: an old row changed, a new one added.
      db.execute("update heartbeats set language = 'Written-while-off' where id = 1",
          "insert into heartbeats (user_id, time, language) values (1, 1, 'Inserted-while-off')");
      assertNotEquals(0, p.waitFor(), p.output());
      assertTrue(p.output().contains("stopped: dual-write was turned off for heartbeats while the backfill ran"), p.output());
      assertTrue(p.output().contains("run \\dualwrite on, then \\backfill again"), p.output());
    }
    assertEquals("0", db.value("select count(*) from cutover.backfill_ranges"));
    var next = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\dualwrite on", "-c", "\\backfill",
        "-c", "\\progress --exact").run();
    assertEquals(0, next.status(), next.toString());
    assertTrue(next.out().contains("Every row and dimension is filled and matches"), next.toString());
  }

  @Test
  void aResumedRunsProgressStartsAtWhatIsDone() throws Exception {
    TestDatabase db = ExpandedExample.create("resume_progress", 20000);
    try (ShellProcess p = Sessions.backfillUnderWay(db, "--batch-size 500 --sleep-ms 50 --max-lock-ms 10000", 5000)) {
      assertEquals(0, ShellRun.on(db).args("-c", "\\backfill pause").run().status());
      assertEquals(0, p.waitFor(), p.output());
    }
    long before = Long.parseLong(db.value("select sum(rows_scanned) from cutover.backfill_ranges"));
    // The resumed run waits for a held row, long enough for its status line to show.
    try (var holder = db.connect()) {
      int pid = Sessions.open(holder, "holder", "select id from heartbeats where id = " + (before + 100) + " for update");
      try (ShellProcess p = ShellProcess.start(db, "-c", "\\backfill")) {
        Sessions.awaitOutput(p, "held by pid " + pid);
        String line = p.output().lines().filter(l -> l.startsWith("backfill heartbeats")).findFirst().orElseThrow();
        long shown = Long.parseLong(line.replaceAll(".*% ([0-9,]+)/.*", "$1").replace(",", ""));
        // The first line counts the rows done before the resume, not only this run's.
        assertTrue(shown >= before, line + " (done before: " + before + ")");
        holder.rollback();
        assertEquals(0, p.waitFor(), p.output());
      }
    }
  }
}
