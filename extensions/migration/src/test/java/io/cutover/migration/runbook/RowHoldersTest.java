package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The backfill with default options while application transactions hold rows far longer than its
 * bound: a retention DELETE and a SELECT ... FOR UPDATE, left open. It goes around the held rows,
 * says whom it waits for, comes back for them once they are released, and ends exact; the
 * application's writes meanwhile all succeed (issue: it gave up after three tries).
 */
@org.junit.jupiter.api.Tag("postgres")
class RowHoldersTest {

  @Test
  void heldRowsAreGoneAroundWaitedForByNameAndFilledOnceReleased() throws Exception {
    TestDatabase db = ExpandedExample.create("row_holders", 30000);
    try (Connection retention = db.connect(); Connection rails = db.connect();
         ApplicationWriters writers = new ApplicationWriters(db, 2, 30000)) {
      int retentionPid = Sessions.open(retention, "retention", "delete from heartbeats where id between 5000 and 5300");
      int railsPid = Sessions.open(rails, "rails", "select id from heartbeats where id between 12000 and 12050 for update");
      try (ShellProcess p = ShellProcess.start(db, "-c", "\\backfill")) {
        Sessions.awaitOutput(p, "waiting for a lock held by pid " + retentionPid + " (application \"retention\", idle in transaction");
        retention.commit(); // the deleted rows are gone: nothing to come back for
        Sessions.awaitOutput(p, "waiting for a lock held by pid " + railsPid + " (application \"rails\", idle in transaction");
        rails.rollback();
        assertEquals(0, p.waitFor(), p.output());
        assertTrue(p.output().contains("Backfill finished"), p.output());
      }
      assertTrue(writers.writes() > 0);
    }
    assertEquals("0", db.value("select count(*) from heartbeats where id between 5000 and 5300"));
    var exact = ShellRun.on(db).args("-c", "\\progress --exact").run();
    assertTrue(exact.out().contains("Every row and dimension is filled and matches"), exact.toString());
    assertEquals("0", db.value(BackfillUnderFireTest.EXACT_DIRTY));
  }
}
