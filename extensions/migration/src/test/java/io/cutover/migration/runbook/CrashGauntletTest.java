package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The backfill killed with SIGKILL at 10 random points, and its connection terminated by the
 * server once, mid-batch: every resume ends with exactly the data of an uninterrupted run (the
 * same lookup name for every row and dimension), no lookup value twice, and the checkpoint never
 * ahead of the data.
 */
@org.junit.jupiter.api.Tag("postgres")
class CrashGauntletTest {

  private static final int ROWS = 30_000;
  private static final int TRIALS = 10;

  /** Per row, the names its FKs point at: equal between two databases exactly when the data is. */
  private static final String FINGERPRINT = """
      SELECT md5(string_agg(concat_ws('|', h.id, l0.name, l1.name, l2.name, l3.name, l4.value, l5.name, l5.user_id,
                                      l6.name, l7.name), ',' ORDER BY h.id))
      FROM heartbeats h
      """ + RunbookTest.LOOKUP_JOINS;

  /** Once the killed shell's server session is gone (no one holds the backfill's lock), the run reads as stopped. */
  private static void assertAKilledRunReadsAsStopped(TestDatabase db) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!db.value("select count(*) from pg_locks where locktype = 'advisory' and objsubid = 1"
        + " and ((classid::bigint << 32) | objid::bigint) = x'6375746261636b66'::bigint").equals("0")) {
      assertTrue(System.nanoTime() < deadline, "the killed shell's session still holds the backfill lock");
      Thread.sleep(10);
    }
    var status = ShellRun.on(db).args("-c", "\\backfill status").run();
    assertTrue(status.out().contains("Backfill stopped"), status.out());
  }

  private static long scanned(TestDatabase db) throws Exception {
    return Long.parseLong(db.value("select coalesce(sum(rows_scanned), 0) from cutover.backfill_ranges"));
  }

  @Test
  void tenKillsAndATerminatedConnectionEndWithTheDataOfAnUninterruptedRun() throws Exception {
    TestDatabase reference = ExpandedExample.create("crash_reference", ROWS);
    assertEquals(0, ShellRun.on(reference).args("-c", "\\backfill").run().status());
    String expected = reference.value(FINGERPRINT);

    TestDatabase db = ExpandedExample.create("crash_trials", ROWS);
    String untouched = db.value(FINGERPRINT);
    Random random = new Random(20261121);
    int kills = 0;
    for (int trial = 0; trial < TRIALS && scanned(db) < ROWS; trial++) {
      long from = scanned(db);
      long target = from + 1 + random.nextInt((int) Math.max(1, (ROWS - from) / 2));
      try (ShellProcess p = ShellProcess.start(db, "-c", "\\backfill --batch-size 300 --sleep-ms 5 --max-lock-ms 10000")) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (scanned(db) < target && p.isAlive()) {
          assertTrue(System.nanoTime() < deadline, "the backfill made no progress: " + p.output());
          Thread.sleep(10);
        }
        if (p.isAlive()) {
          p.kill();
          kills++;
          if (kills == 1) {
            assertAKilledRunReadsAsStopped(db);
          }
        }
      }
      assertCheckpointNotAhead(db);
    }
    assertTrue(kills >= TRIALS / 2, "most trials must kill a running backfill, killed " + kills);

    // The server ends the backfill's connection in the middle of its work.
    try (ShellProcess p = ShellProcess.start(db, "-c", "\\backfill --batch-size 300 --sleep-ms 5 --max-lock-ms 10000")) {
      long from = scanned(db);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (scanned(db) == from && p.isAlive()) {
        assertTrue(System.nanoTime() < deadline, "the backfill made no progress: " + p.output());
        Thread.sleep(10);
      }
      db.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database()"
          + " and application_name = 'cutover' and pid <> pg_backend_pid()");
      int status = p.waitFor();
      if (status != 0) {
        assertTrue(p.output().contains("terminat") || p.output().contains("connection"), p.output());
      }
    }
    assertCheckpointNotAhead(db);

    var resumed = ShellRun.on(db).args("-c", "\\backfill").run();
    assertEquals(0, resumed.status(), resumed.toString());
    assertNotEquals(untouched, expected);
    assertEquals(expected, db.value(FINGERPRINT), "the interrupted backfill ended with other data");
    assertEquals("0", db.value("select count(*) from (select name from heartbeat_languages group by name"
        + " having count(*) > 1) d"));
    assertEquals("0", db.value("select count(*) from (select user_id, name from heartbeat_projects"
        + " group by user_id, name having count(*) > 1) d"));
  }

  /** Every row up to each range's checkpoint has its FKs (a checkpoint commits with its batch). */
  private static void assertCheckpointNotAhead(TestDatabase db) throws Exception {
    assertEquals("0", db.value("select count(*) from heartbeats h join cutover.backfill_ranges r"
        + " on r.done_after is not null and h.id <= r.done_after::bigint and h.id > coalesce(r.after_key::bigint, 0)"
        + " where (h.language is null) <> (h.language_id is null) or (h.project is null) <> (h.project_id is null)"
        + " or (h.machine is null) <> (h.machine_id is null)"));
  }
}
