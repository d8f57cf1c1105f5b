package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Big Migration as one script, as the README runs it, and every step refused out of order. */
@org.junit.jupiter.api.Tag("postgres")
class RunbookTest {

  static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

  /** Each heartbeat h with the lookup row of each of its FKs, l0 to l7 in the plan's order. */
  static final String LOOKUP_JOINS = """
      LEFT JOIN heartbeat_languages l0 ON l0.id = h.language_id
      LEFT JOIN heartbeat_categories l1 ON l1.id = h.category_id
      LEFT JOIN heartbeat_editors l2 ON l2.id = h.editor_id
      LEFT JOIN heartbeat_operating_systems l3 ON l3.id = h.operating_system_id
      LEFT JOIN heartbeat_user_agents l4 ON l4.id = h.user_agent_id
      LEFT JOIN heartbeat_projects l5 ON l5.id = h.project_id
      LEFT JOIN heartbeat_branches l6 ON l6.id = h.branch_id
      LEFT JOIN heartbeat_machines l7 ON l7.id = h.machine_id
      """;

  /** For every row and dimension: does the lookup value equal the string kept before the migration? */
  static final String DIFFERENCES = "SELECT count(*) FROM before b JOIN heartbeats h USING (id)\n" + LOOKUP_JOINS + """
      WHERE l0.name IS DISTINCT FROM b.language OR l1.name IS DISTINCT FROM b.category
         OR l2.name IS DISTINCT FROM b.editor OR l3.name IS DISTINCT FROM b.operating_system
         OR l4.value IS DISTINCT FROM b.user_agent
         OR l5.name IS DISTINCT FROM b.project OR l5.user_id IS DISTINCT FROM CASE WHEN b.project IS NOT NULL THEN b.user_id END
         OR l6.name IS DISTINCT FROM b.branch OR l7.name IS DISTINCT FROM b.machine
      """;

  @Test
  void theWholeRunbookRunsAsOneScript() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("runbook");
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\demo load 100000").run().status());
    db.execute("create table before as select id, user_id, language, category, editor, operating_system, user_agent,"
        + " project, branch, machine, raw_data from heartbeats");
    var r = ShellRun.on(db).in(REPOSITORY).args("-v", "ON_ERROR_STOP=1", "--yes", "-f",
        "examples/heartbeats/big-migration.sql").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("8", db.value("select count(*) from pg_constraint where conrelid = 'heartbeats'::regclass"
        + " and contype = 'f' and convalidated and confrelid <> 'users'::regclass"));
    assertEquals("0", db.value("select count(*) from information_schema.columns where table_name = 'heartbeats'"
        + " and column_name = 'raw_data'"));
    assertEquals("0", db.value("select count(*) from before b left join heartbeats_raw_data_archive a using (id)"
        + " where b.raw_data is not null and a.raw_data is distinct from b.raw_data"));
    assertEquals("0", db.value(DIFFERENCES));
    assertEquals("deleted_at,language_id,category_id,editor_id,operating_system_id,user_agent_id,project_id,branch_id,"
        + "machine_id,language", db.value("select string_agg(attname, ',' order by attnum) from pg_attribute"
        + " where attrelid = 'heartbeats'::regclass and attnum between 6 and 15"),
        "\\rebuild puts the FK columns ahead of the strings");
    assertTrue(r.out().contains("the FK columns precede the strings"), r.out());
    assertTrue(r.out().contains("The migration is complete."), r.out());
  }

  @Test
  void eachStepIsRefusedOutOfOrderNamingWhatIsMissing() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("order");
    ShellRun.on(db).args("-q", "-c", "\\demo load 2000").run();
    assertRefused(db, "\\backfill", "no plan loaded", "\\plan FILE");
    assertEquals(0, ShellRun.on(db).in(REPOSITORY).args("-q", "-c", "\\plan examples/heartbeats/plan.json").run().status());
    // --demo's last line comes from \\status: with the plan loaded, it no longer says to load it.
    var demo = ShellRun.on(db).args("-c", "\\demo setup").run();
    assertTrue(demo.out().contains("Next: \\migrate generate, then \\migrate"), demo.toString());
    assertRefused(db, "\\dualwrite on", "the FK columns of heartbeats do not exist yet", "\\migrate");
    assertRefused(db, "\\backfill", "the FK columns of heartbeats do not exist yet", "\\migrate");
    assertRefused(db, "\\drop_raw stop-writes", "the FK columns of heartbeats do not exist yet", "\\migrate");
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\migrate").run().status());
    assertRefused(db, "\\backfill", "dual-write is off", "\\dualwrite on");
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\dualwrite on").run().status());
    assertRefused(db, "\\validate_fks", "not every row is backfilled (language:", "\\backfill");
    assertRefused(db, "\\drop_raw --yes", "the FK on language_id is not validated", "\\validate_fks");
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\backfill", "-c", "\\validate_fks").run().status());
    assertRefused(db, "\\drop_raw --yes", "nothing shows that the application stopped writing raw_data",
        "\\drop_raw stop-writes");
    var status = ShellRun.on(db).args("-c", "\\status").run();
    assertTrue(status.out().contains("Next: \\drop_raw stop-writes"), status.out());

    // Nothing writes here (as in the demo): the watch says so and what to do; --undo turns the flag off.
    var watch = ShellRun.on(db).args("-c", "\\drop_raw stop-writes --watch 1s").run();
    assertEquals(0, watch.status(), watch.toString());
    assertTrue(watch.out().contains("No row was written while watching"), watch.toString());
    assertTrue(watch.out().contains("\\drop_raw stop-writes --undo"), watch.toString());
    String gate = "select count(*) from flipper_gates where feature_key = 'skip_heartbeat_raw_data' and value = 'true'";
    assertEquals("1", db.value(gate));
    var undo = ShellRun.on(db).args("-c", "\\drop_raw stop-writes --undo").run();
    assertEquals(0, undo.status(), undo.toString());
    assertTrue(undo.out().contains("is off again"), undo.toString());
    assertEquals("0", db.value(gate));
    assertRefused(db, "\\drop_raw --yes", "nothing shows that the application stopped writing raw_data",
        "\\drop_raw stop-writes");
  }

  private static void assertRefused(TestDatabase db, String command, String why, String fix) {
    var r = ShellRun.on(db).args("-c", command).run();
    assertEquals(1, r.status(), command + "\n" + r);
    assertTrue(r.err().contains(why), command + " should say \"" + why + "\":\n" + r.err());
    assertTrue(r.err().contains(fix), command + " should name " + fix + ":\n" + r.err());
  }
}
