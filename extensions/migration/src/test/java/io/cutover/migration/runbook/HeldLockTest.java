package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** DDL steps facing a long transaction: they wait at most their lock timeout per try, retry, and give up clearly. */
@org.junit.jupiter.api.Tag("postgres")
class HeldLockTest {

  private static final String APPLICATION_INSERT = "insert into heartbeats (user_id, time, language) values (1, 1, 'Go')";

  @Test
  void dualwriteAndDropRawGiveUpWithinTheirBoundsWhileInsertsFlow() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("held");
    var setup = ShellRun.on(db).in(RunbookTest.REPOSITORY).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\demo load 2000",
        "-c", "\\plan examples/heartbeats/plan.json", "-c", "\\migrate", "-c", "\\dualwrite on", "-c", "\\backfill",
        "-c", "\\validate_fks").run();
    assertEquals(0, setup.status(), setup.toString());
    TimedInserts inserts;
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("update heartbeats set updated_at = now() where id = 1"); // an application transaction left open
      }
      inserts = TimedInserts.start(db, APPLICATION_INSERT);
      var dw = ShellRun.on(db).args("-c", "\\dualwrite off --lock-timeout 200ms --lock-retries 2").run();
      var on = ShellRun.on(db).args("-c", "\\dualwrite on --lock-timeout 200ms --lock-retries 1").run();
      var drop = ShellRun.on(db).args("-c", "\\drop_raw --yes --force-writes --lock-timeout 200ms --lock-retries 1").run();
      inserts.stop();
      assertEquals(1, dw.status(), dw.toString());
      assertTrue(dw.err().contains("remove the dual-write trigger: gave up after 3 tries"), dw.err());
      assertTrue(dw.err().contains("idle in transaction"), dw.err());
      assertEquals(1, on.status(), on.toString());
      assertTrue(on.err().contains("install the dual-write trigger: gave up after 2 tries"), on.err());
      assertEquals(1, drop.status(), drop.toString());
      assertTrue(drop.err().contains("drop raw_data: gave up after 2 tries"), drop.err());
      holder.rollback();
    }
    assertTrue(inserts.longestMs() < 200 + 2000, "an insert waited " + inserts.longestMs() + " ms behind the waiting DDL");
    assertEquals("1", db.value("select count(*) from pg_trigger where tgname = 'cutover_dual_write'"));
    assertEquals("1", db.value("select count(*) from information_schema.columns where column_name = 'raw_data'"));
  }

  /**
   * VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE: a VACUUM or ANALYZE (here a LOCK in the same
   * mode) makes it wait. It waits its lock timeout per try, gives up clearly, and inserts flow.
   */
  @Test
  void validateFksWaitsBehindAMaintenanceLockWithoutBlockingInserts() throws Exception {
    TestDatabase db = ExpandedExample.create("held_validate", 2000);
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\backfill").run().status());
    TimedInserts inserts;
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("lock table heartbeats in share update exclusive mode");
      }
      inserts = TimedInserts.start(db, APPLICATION_INSERT);
      var validate = ShellRun.on(db).args("-c", "\\validate_fks --lock-timeout 200ms --lock-retries 2").run();
      inserts.stop();
      assertEquals(1, validate.status(), validate.toString());
      assertTrue(validate.err().contains("gave up after 3 tries"), validate.err());
      holder.rollback();
    }
    assertTrue(inserts.inserted() > 0);
    assertTrue(inserts.longestMs() < 200 + 2000, "an insert waited " + inserts.longestMs() + " ms behind the waiting VALIDATE");
    var again = ShellRun.on(db).args("-c", "\\validate_fks").run();
    assertEquals(0, again.status(), again.toString());
    assertTrue(again.out().contains("Every FK of heartbeats is valid"), again.out());
  }
}
