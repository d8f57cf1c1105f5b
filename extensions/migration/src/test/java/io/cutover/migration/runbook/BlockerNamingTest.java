package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * A lock report names the session the step waited for (pg_blocking_pids), not the database's
 * oldest open transaction: here an unrelated reader is older than the real blocker.
 */
@org.junit.jupiter.api.Tag("postgres")
class BlockerNamingTest {

  @Test
  void aGiveUpNamesTheRealBlockerNotAnOlderUnrelatedTransaction() throws Exception {
    TestDatabase db = ExpandedExample.create("blocker_naming", 100);
    try (Connection reader = db.connect(); Connection writer = db.connect()) {
      Sessions.open(reader, "nightly-report", "select count(*) from heartbeat_languages"); // older, holds nothing on heartbeats
      int writerPid = Sessions.open(writer, "rails", "update heartbeats set updated_at = now() where id = 1");
      var off = ShellRun.on(db).args("-c", "\\dualwrite off --lock-timeout 200ms --lock-retries 1").run();
      assertEquals(1, off.status(), off.toString());
      // Both the retry warning and the final error name it.
      String named = "waiting for pid " + writerPid + " (application \"rails\", idle in transaction, transaction open ";
      assertTrue(off.err().contains("lock not available within 0.2 s (" + named), off.err());
      assertTrue(off.err().contains("gave up after 2 tries, each waiting 0.2 s for its lock (" + named), off.err());
      assertTrue(off.err().contains("update heartbeats set updated_at = now() where id = 1)"), off.err());
      assertTrue(off.err().contains("pg_terminate_backend(" + writerPid + ")"), off.err());
      assertFalse(off.err().contains("nightly-report"), off.err());
      writer.rollback();
      reader.rollback();
    }
    assertEquals("1", db.value("select count(*) from pg_trigger where tgname = 'cutover_dual_write'"));
  }
}
