package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The exact check (of \progress --exact and \validate_fks) and the backfill behind a lock on a lookup table: it
 * does not wait in silence, its status line names the session that holds the lock, and it goes
 * on once the lock is released.
 */
@org.junit.jupiter.api.Tag("postgres")
class LookupLockWaitTest {

  @Test
  void exactChecksAndTheBackfillNameTheHolderOfALookupLockWhileTheyWait() throws Exception {
    TestDatabase db = ExpandedExample.create("lookup_lock", 2000);
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\backfill").run().status());
    // The last: SHARE UPDATE EXCLUSIVE (as a VACUUM takes) lets the batches by and stops the backfill's closing ANALYZE.
    String[][] cases = {{"\\progress --exact", "access exclusive"}, {"\\validate_fks", "access exclusive"},
        {"\\backfill --restart", "access exclusive"}, {"\\backfill --restart", "share update exclusive"}};
    for (String[] c : cases) {
      String command = c[0];
      try (Connection holder = db.connect()) {
        int holderPid = Sessions.open(holder, "schema-fixer", "lock table heartbeat_languages in " + c[1] + " mode");
        try (ShellProcess p = ShellProcess.start(db, "-c", command)) {
          String named = "for a lock held by pid " + holderPid + " (application \"schema-fixer\", idle in transaction";
          Sessions.awaitOutput(p, named);
          holder.rollback();
          assertEquals(0, p.waitFor(), p.output());
          assertTrue(p.output().contains(command.equals("\\validate_fks") ? "Every FK of heartbeats is valid"
              : command.startsWith("\\backfill") ? "Backfill finished" : "Every row and dimension is filled and matches"),
              p.output());
        }
      }
    }
  }
}
