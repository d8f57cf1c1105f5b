package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The exact check (of \progress --exact and \validate_fks) and the backfill behind a lock on a lookup table: it
 * does not wait in silence, its status line names the session that holds the lock, and it goes
 * on once the lock is released.
 */
class LookupLockWaitTest {

  @Test
  void progressExactAndValidateFksNameTheHolderOfALookupLockWhileTheyWait() throws Exception {
    TestDatabase db = ExpandedExample.create("lookup_lock", 2000);
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\backfill").run().status());
    for (String command : new String[] {"\\progress --exact", "\\validate_fks", "\\backfill --restart"}) {
      try (Connection holder = db.connect()) {
        holder.setAutoCommit(false);
        int holderPid;
        try (Statement st = holder.createStatement()) {
          st.execute("set application_name = 'schema-fixer'");
          try (ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            holderPid = rs.getInt(1);
          }
          st.execute("lock table heartbeat_languages in access exclusive mode");
        }
        try (ShellProcess p = ShellProcess.start(db, "-c", command)) {
          String named = "for a lock held by pid " + holderPid + " (application \"schema-fixer\", idle in transaction";
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (!p.output().contains(named)) {
            assertTrue(p.isAlive(), command + " ended while the lock was held: " + p.output());
            assertTrue(System.nanoTime() < deadline, command + " never named the holder: " + p.output());
            Thread.sleep(50);
          }
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
