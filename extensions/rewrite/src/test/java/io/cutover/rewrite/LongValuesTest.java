package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Any value the column accepts goes through the migration: values of 3 kB, 100 kB and 1 MB of
 * random printable characters (a btree entry holds about 2.7 kB, and these do not compress) in an
 * unscoped and a per-user one (user_agent, branch: the example indexes neither), written before the plan and by the application under
 * dual-write, through the backfill, the exact check, validation, the read cutover and the raw
 * column's drop.
 */
@org.junit.jupiter.api.Tag("postgres")
class LongValuesTest {

  private static String random(int chars) {
    return "(select string_agg(chr(33 + (random() * 93)::int), '') from generate_series(1, " + chars + "))";
  }

  @Test
  void valuesPastABtreeEntryGoThroughEveryStep() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("long_values");
    var load = MigratedExample.shell(db, "-q", "-c", "\\demo load 2000").run();
    assertEquals(0, load.status(), load.toString());
    for (int size : new int[] {3_000, 100_000, 1_000_000}) {
      db.execute("insert into heartbeats (user_id, time, user_agent, branch) select 1 + g, g, " + random(size) + ", "
          + random(size) + " from generate_series(1, 2) g");
    }
    var expand = MigratedExample.shell(db, "-q", "--yes", "-c", "\\plan examples/heartbeats/plan.json", "-c", "\\migrate",
        "-c", "\\dualwrite on").run();
    assertEquals(0, expand.status(), expand.toString());
    // The application writes new long values, and one it wrote before, through the trigger.
    for (int size : new int[] {3_000, 100_000, 1_000_000}) {
      db.execute("insert into heartbeats (user_id, time, user_agent, branch) values (3, 3, " + random(size) + ", "
          + random(size) + ")");
    }
    db.execute("insert into heartbeats (user_id, time, user_agent, branch) select 2, 4, user_agent, branch"
        + " from heartbeats where user_id = 2 and length(user_agent) = 1000000");
    var runbook = MigratedExample.shell(db, "-q", "--yes", "-c", "\\backfill", "-c", "\\progress --exact",
        "-c", "\\validate_fks").run();
    assertEquals(0, runbook.status(), runbook.toString());
    assertEquals("clean", db.value("select status from cutover.steps where step = 'verify'"), runbook.out());
    assertEquals("0", db.value("select count(*) from heartbeats h left join heartbeat_user_agents u on u.id = h.user_agent_id"
        + " where u.value is distinct from h.user_agent"));
    assertEquals("2", db.value("select count(distinct user_agent_id) from heartbeats where length(user_agent) = 1000000"
        + " and user_id in (2, 3)"));
    MigratedExample.rewrittenAndEqual(db, "select md5(user_agent), count(*) from heartbeats where user_id < 5"
        + " group by user_agent order by 1 nulls first");
    MigratedExample.rewrittenAndEqual(db, "select count(*) from heartbeats where user_agent = (select user_agent"
        + " from heartbeats where length(user_agent) = 100000 limit 1)");
    var drop = MigratedExample.shell(db, "--yes", "-c", "\\drop_raw --force-writes").run();
    assertEquals(0, drop.status(), drop.toString());
    assertTrue(drop.out().contains("Dropped raw_data"), drop.out());
  }
}
