package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * After a clean {@code \progress --exact}, the next compares only the rows written since it; what
 * it cannot see that way (a lookup row rewritten under unchanged rows) makes it check in full.
 */
@org.junit.jupiter.api.Tag("postgres")
class ExactRecheckTest {

  private static ShellRun.Result exact(TestDatabase db, String... options) {
    return ShellRun.on(db).args("-X", "-c", String.join(" ", "\\progress --exact", String.join(" ", options)).strip()).run();
  }

  @Test
  void aRecheckComparesRowsWrittenSinceAndFallsBackToFullWhenALookupRowChanged() throws Exception {
    TestDatabase db = ExpandedExample.create("exact_recheck", 3_000);
    var first = ShellRun.on(db).args("-X", "-c", "\\backfill", "-c", "\\progress --exact").run();
    assertEquals(0, first.status(), first.toString());
    assertTrue(first.out().contains("Every row and dimension is filled"), first.toString());
    assertFalse(first.out().contains("written since the last clean check"), "the first clean check is a full one");

    // Rows written with dual-write on: compared, clean.
    db.execute("insert into heartbeats (user_id, time, language) select 1, g, 'Recheck' from generate_series(1, 20) g");
    var since = exact(db);
    assertTrue(since.out().contains("written since the last clean check") && since.out().contains("Every row and dimension"),
        since.toString());

    // A row written while the trigger was disabled by hand (no \dualwrite off voids the check): found.
    db.execute("alter table heartbeats disable trigger cutover_dual_write",
        "insert into heartbeats (user_id, time, language) values (1, 99, 'Unfilled')",
        "alter table heartbeats enable always trigger cutover_dual_write");
    var gap = exact(db);
    assertTrue(gap.out().contains("written since the last clean check") && gap.out().contains("Not done"), gap.toString());
    assertEquals("1", db.value("select detail->'dimensions'->'language'->>'missing' from cutover.steps where step = 'verify'"));
    db.execute("update heartbeats set language = language where language = 'Unfilled'"); // the trigger fills it
    assertTrue(exact(db).out().contains("Every row and dimension"), "clean again (a full check: the last was dirty)");

    // A lookup row renamed under rows that did not change: they mismatch now, and only a full check
    // can see it, which the re-check falls back to.
    db.execute("update heartbeat_languages set name = 'Renamed' where name = 'Recheck'");
    var renamed = exact(db);
    assertFalse(renamed.out().contains("written since the last clean check"), renamed.toString());
    assertEquals("20", db.value("select detail->'dimensions'->'language'->>'mismatched' from cutover.steps where step = 'verify'"));

    // --full always compares every row.
    db.execute("update heartbeat_languages set name = 'Recheck' where name = 'Renamed'");
    assertTrue(exact(db).out().contains("Every row and dimension"));
    assertFalse(exact(db, "--full").out().contains("written since the last clean check"));
  }
}
