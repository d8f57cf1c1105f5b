package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Key ranges for workers at the edges of every integer type (issue: a row with the smallest key
 * made range 0 start at min-1, "value out of range"), and a poisoned checkpoint left by that bug.
 */
@org.junit.jupiter.api.Tag("postgres")
class KeyEdgesTest {

  @Test
  void twoWorkersSplitTablesWhoseKeyIsTheSmallestOfEveryIntegerType() throws Exception {
    String[][] types = {{"bigint", "-9223372036854775808"}, {"integer", "-2147483648"}, {"smallint", "-32768"}};
    for (String[] t : types) {
      TestDatabase db = ExpandedExample.create("edge_" + t[0], 1000);
      if (!t[0].equals("bigint")) {
        db.execute("alter table heartbeats alter column id type " + t[0]);
      }
      db.execute("insert into heartbeats (id, user_id, time, language) values (" + t[1] + ", 1, 1, 'Smallest')");
      db.execute("update heartbeats set language_id = null where id = " + t[1]); // left for the backfill
      var r = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\backfill --workers 2", "-c", "\\progress --exact").run();
      assertEquals(0, r.status(), t[0] + ": " + r);
      assertTrue(r.out().contains("in 2 key ranges"), t[0] + ": " + r);
      assertTrue(r.out().contains("Every row and dimension is filled and matches"), t[0] + ": " + r);
      assertEquals("Smallest", db.value("select l.name from heartbeats h join heartbeat_languages l on l.id = h.language_id"
          + " where h.id = " + t[1]));
    }
  }

  @Test
  void aCheckpointThatIsNotAKeyIsNamedAndRestartGetsPastIt() throws Exception {
    TestDatabase db = ExpandedExample.create("edge_poisoned", 1000);
    db.execute("alter table heartbeats alter column id type integer");
    db.execute("insert into heartbeats (id, user_id, time, language) values (-2147483648, 1, 1, 'Smallest')");
    // What the old planner stored for --workers 2: range 0 after min-1.
    db.execute("insert into cutover.backfill_runs (plan, state, estimated_rows) values ('\"public\".\"heartbeats\"',"
            + " 'paused', 1001)",
        "insert into cutover.backfill_ranges (plan, range_no, after_key, max_key) values"
            + " ('\"public\".\"heartbeats\"', 0, '-2147483649', '-1073741324'),"
            + " ('\"public\".\"heartbeats\"', 1, '-1073741324', '1000')");
    for (int i = 0; i < 2; i++) { // every later run said the same, not only the first
      var resumed = ShellRun.on(db).args("-c", "\\backfill").run();
      assertEquals(1, resumed.status(), resumed.toString());
      assertTrue(resumed.err().contains("the backfill's checkpoints (cutover.backfill_ranges) hold a key that does not fit"
          + " heartbeats.id (integer): value \"-2147483649\" is out of range for type integer"), resumed.err());
      assertTrue(resumed.err().contains("run \\backfill --restart"), resumed.err());
    }
    var restarted = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\backfill --restart --workers 2",
        "-c", "\\progress --exact").run();
    assertEquals(0, restarted.status(), restarted.toString());
    assertTrue(restarted.out().contains("Restarting the backfill of heartbeats"), restarted.out());
    assertTrue(restarted.out().contains("Every row and dimension is filled and matches"), restarted.out());
    // Restart after a finished run is safe too: the rows already right are only read.
    var again = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\backfill --restart").run();
    assertEquals(0, again.status(), again.toString());
    assertTrue(again.out().contains("0 rows written"), again.out());
  }
}
