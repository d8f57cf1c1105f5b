package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The backfill with the application writing, killed halfway, and fed odd values. */
@org.junit.jupiter.api.Tag("postgres")
class BackfillUnderFireTest {

  static final String EXACT_DIRTY = """
      SELECT count(*) FROM heartbeats h
      LEFT JOIN heartbeat_languages l0 ON l0.id = h.language_id
      LEFT JOIN heartbeat_projects l5 ON l5.id = h.project_id
      LEFT JOIN heartbeat_editors l2 ON l2.id = h.editor_id
      WHERE (h.language IS NULL) <> (h.language_id IS NULL) OR l0.name IS DISTINCT FROM h.language AND h.language_id IS NOT NULL
         OR (h.project IS NULL) <> (h.project_id IS NULL)
         OR (h.project_id IS NOT NULL AND (l5.name IS DISTINCT FROM h.project OR l5.user_id <> h.user_id))
         OR (h.editor IS NULL) <> (h.editor_id IS NULL) OR l2.name IS DISTINCT FROM h.editor AND h.editor_id IS NOT NULL
      """;

  @Test
  void writersDuringTheBackfillLeaveNothingMissingAndSeeNoErrors() throws Exception {
    TestDatabase db = ExpandedExample.create("writers", 30000);
    ShellRun.Result backfill;
    long writes;
    try (ApplicationWriters writers = new ApplicationWriters(db, 4, 30000)) {
      // Four writers and two workers on a 2-core CI machine: a 500-row batch can pass the default
      // 250 ms bound there. The bound has its own test (BatchLockBoundTest); this one is about writers.
      backfill = ShellRun.on(db).args("-c", "\\backfill --workers 2 --batch-size 500 --max-lock-ms 5000").run();
      writes = writers.writes();
    }
    assertEquals(0, backfill.status(), backfill.toString());
    assertTrue(writes > 0);
    var exact = ShellRun.on(db).args("-c", "\\progress --exact").run();
    assertTrue(exact.out().contains("Every row and dimension is filled and matches"), exact.toString());
    assertEquals("0", db.value(EXACT_DIRTY));
  }

  /**
   * Dual-write turned off and on again while the application writes: the trigger comes and goes
   * under lock_timeout without an error reaching a writer, and the backfill afterwards fills what
   * was written while it was off.
   */
  @Test
  void dualwriteOffAndOnUnderWritersThenBackfillLeavesNothingMissing() throws Exception {
    TestDatabase db = ExpandedExample.create("toggled", 30000);
    try (ApplicationWriters writers = new ApplicationWriters(db, 4, 30000)) {
      var off = ShellRun.on(db).args("-c", "\\dualwrite off").run();
      assertEquals(0, off.status(), off.toString());
      long before = writers.writes();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (writers.writes() < before + 200) {
        assertTrue(System.nanoTime() < deadline, "the writers stopped while dual-write was off");
        Thread.sleep(10);
      }
      var on = ShellRun.on(db).args("-c", "\\dualwrite on").run();
      assertEquals(0, on.status(), on.toString());
    }
    assertTrue(Long.parseLong(db.value("select count(*) from heartbeats where language is not null"
        + " and language_id is null")) > 0, "rows written while dual-write was off have no FK yet");
    var backfill = ShellRun.on(db).args("-c", "\\backfill", "-c", "\\progress --exact").run();
    assertEquals(0, backfill.status(), backfill.toString());
    assertTrue(backfill.out().contains("Every row and dimension is filled and matches"), backfill.toString());
    assertEquals("0", db.value(EXACT_DIRTY));
  }

  @Test
  void aKilledBackfillResumesFromItsCheckpointToTheSameData() throws Exception {
    TestDatabase db = ExpandedExample.create("killed", 60000);
    // A fixed batch size cannot shrink, so a slow disk could end the run at the lock bound before the
    // kill; the bound has its own test (BatchLockBoundTest), so here it is generous.
    try (ShellProcess p = Sessions.backfillUnderWay(db, "--batch-size 1000 --sleep-ms 20 --max-lock-ms 10000", 10000)) {
      p.kill();
    }
    long done = Long.parseLong(db.value("select sum(rows_scanned) from cutover.backfill_ranges"));
    assertTrue(done < 60000, "killed too late to test a resume");
    // the checkpoint is never ahead of the data: every row of a range up to its checkpoint is filled (ranges: the workers')
    assertEquals("0", db.value("select count(*) from heartbeats h, cutover.backfill_ranges r where h.id <= r.done_after::bigint"
        + " and (r.after_key is null or h.id > r.after_key::bigint) and (h.language is null) <> (h.language_id is null)"));
    var resumed = ShellRun.on(db).args("-c", "\\backfill").run();
    assertEquals(0, resumed.status(), resumed.toString());
    assertTrue(resumed.out().contains("Resuming the backfill"), resumed.out());
    assertEquals("0", db.value(EXACT_DIRTY));
    assertEquals("0", db.value("select count(*) from (select name from heartbeat_languages group by name having count(*) > 1) d"));
    assertEquals(db.value("select count(distinct (user_id, project)) from heartbeats where project is not null"),
        db.value("select count(*) from heartbeat_projects"));
  }

  @Test
  void pauseFromAnotherShellStopsAfterABatchAndResumeFinishes() throws Exception {
    TestDatabase db = ExpandedExample.create("paused", 40000);
    try (ShellProcess p = Sessions.backfillUnderWay(db, "--batch-size 500 --sleep-ms 50 --max-lock-ms 10000", 1)) {
      var pause = ShellRun.on(db).args("-c", "\\backfill pause").run();
      assertEquals(0, pause.status(), pause.toString());
      assertEquals(0, p.waitFor(), p.output());
      assertTrue(p.output().contains("Backfill paused"), p.output());
    }
    assertEquals("paused", db.value("select state from cutover.backfill_runs"));
    assertTrue(Long.parseLong(db.value("select sum(rows_scanned) from cutover.backfill_ranges")) < 40000);
    var status = ShellRun.on(db).args("-c", "\\status").run();
    assertTrue(status.out().contains("backfill        | paused"), status.out());
    var resumed = ShellRun.on(db).args("-c", "\\backfill").run();
    assertEquals(0, resumed.status(), resumed.toString());
    assertTrue(resumed.out().contains("Backfill finished"), resumed.out());
    assertEquals("0", db.value(EXACT_DIRTY));
  }

  @Test
  void oddValuesGoThroughTriggerAndBackfillIntact() throws Exception {
    TestDatabase db = ExpandedExample.create("odd", 100);
    String big = "x".repeat(10_000);
    String[] odd = {"", "Ruby", "ruby", "Ruby ", " Ruby", "Ελληνικά", "日本語", "it's", "say \"hi\"", "back\\slash",
        "tab\there", big, "%_", "null"};
    try (Connection c = db.connect()) {
      c.createStatement().execute("alter table heartbeats disable trigger cutover_dual_write");
      try (PreparedStatement ps = c.prepareStatement("insert into heartbeats (user_id, time, language, project)"
          + " values (?, 1, ?, ?)")) {
        for (int i = 0; i < odd.length; i++) {
          for (int user = 1; user <= 3; user++) {
            ps.setLong(1, user);
            ps.setString(2, odd[i]);
            ps.setString(3, odd[i]);
            ps.executeUpdate();
          }
        }
      }
      // As \dualwrite on leaves it: fired by every session (a plain ENABLE leaves replica sessions out,
      // which \status and the backfill count as dual-write off).
      c.createStatement().execute("alter table heartbeats enable always trigger cutover_dual_write");
      try (PreparedStatement ps = c.prepareStatement("insert into heartbeats (user_id, time, language, project)"
          + " values (4, 2, ?, ?)")) {
        for (String v : odd) {
          ps.setString(1, v);
          ps.setString(2, v);
          ps.executeUpdate();
        }
      }
    }
    var r = ShellRun.on(db).args("-c", "\\backfill --again", "-c", "\\progress --exact").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("0", db.value(EXACT_DIRTY));
    assertEquals("1", db.value("select count(*) from heartbeat_languages where name = ''"));
    assertEquals("2", db.value("select count(*) from heartbeat_languages where lower(name) = 'ruby'"));
    assertEquals("1", db.value("select count(*) from heartbeat_languages where length(name) = 10000"));
    assertEquals("4", db.value("select count(*) from heartbeat_projects where name = 'it''s'"));
  }

  @Test
  void flipperFlagsAreStoredAsTheGemStoresThem() throws Exception {
    TestDatabase db = ExpandedExample.create("flipper", 100);
    var on = ShellRun.on(db).args("-c", "\\dualwrite on --mode flipper").run();
    assertEquals(0, on.status(), on.toString());
    assertEquals("heartbeat_dimension_dual_write|boolean|true", db.value(
        "select feature_key || '|' || key || '|' || value from flipper_gates"));
    assertEquals("1", db.value("select count(*) from flipper_features where key = 'heartbeat_dimension_dual_write'"));
    db.execute("insert into flipper_gates (feature_key, key, value, created_at, updated_at)"
        + " values ('heartbeat_dimension_dual_write', 'actors', 'User;1', now(), now())");
    ShellRun.on(db).args("-c", "\\dualwrite on --mode flipper").run();
    assertEquals("1", db.value("select count(*) from flipper_gates"), "enabling clears the other gates first");
    var off = ShellRun.on(db).args("-c", "\\dualwrite off --mode flipper", "-c", "\\dualwrite status").run();
    assertEquals("0", db.value("select count(*) from flipper_gates"));
    assertEquals("1", db.value("select count(*) from flipper_features"), "the feature row stays when disabled");
    assertTrue(off.out().contains("application flag off"), off.out());
    db.execute("insert into flipper_gates (feature_key, key, value, created_at, updated_at)"
        + " values ('heartbeat_dimension_dual_write', 'percentage_of_actors', '50', now(), now())");
    var partial = ShellRun.on(db).args("-c", "\\dualwrite status").run();
    assertTrue(partial.out().contains("application flag partial"), partial.out());
  }
}
