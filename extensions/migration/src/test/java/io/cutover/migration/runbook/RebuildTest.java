package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code \rebuild} as a user runs it on a migrated table: writers at full speed through the copy
 * and a held swap, SIGKILL mid-copy, a table changed under the copy, and the refusals. Every row
 * must come out as it went in, column for column (compared by name, since the order changes).
 */
@org.junit.jupiter.api.Tag("postgres")
class RebuildTest {

  /** Every row with every column, by name: equal for two tables exactly when their rows are. */
  private static String rows(TestDatabase db, String table) throws Exception {
    return db.value("select md5(coalesce(string_agg(to_jsonb(h)::text, ',' order by id), '')) from " + table + " h");
  }

  private static TestDatabase validated(String name, int rows) {
    TestDatabase db = ExpandedExample.create(name, rows);
    var r = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\backfill", "-c", "\\validate_fks").run();
    assertEquals(0, r.status(), r.toString());
    return db;
  }

  private static String attnum(TestDatabase db, String column) throws Exception {
    return db.value("select attnum from pg_attribute where attrelid = 'heartbeats'::regclass and attname = '" + column + "'");
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  private static String phase(TestDatabase db) {
    try {
      List<String> p = db.column("select status from cutover.steps where step = 'rebuild'");
      return p.isEmpty() ? "" : p.get(0);
    } catch (Exception e) {
      return "";
    }
  }

  private static long copied(TestDatabase db) {
    try {
      List<String> p = db.column("select detail->>'copied' from cutover.steps where step = 'rebuild'");
      return p.isEmpty() ? 0 : Long.parseLong(p.get(0));
    } catch (Exception e) {
      return 0;
    }
  }

  /** No session holds the rebuild's advisory lock: a killed shell's server session has ended. */
  private static boolean unlocked(TestDatabase db) {
    try {
      return db.value("select count(*) from pg_locks where locktype = 'advisory' and objsubid = 1"
          + " and ((classid::bigint << 32) | objid::bigint) = x'637574726269" + "6c64'::bigint").equals("0");
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void writersThroughTheCopyAndAHeldSwapLoseNothingAndTheFksMoveUpNextToTheStrings() throws Exception {
    TestDatabase db = validated("rebuild_fire", 30_000);
    // What a copy could silently leave behind: a grant, a comment, a column's statistics target.
    db.execute("do $$ begin create role rebuild_reader; exception when duplicate_object then null; end $$",
        "grant select on heartbeats to rebuild_reader", "comment on column heartbeats.language is 'the editor''s language'",
        "alter table heartbeats alter column entity set statistics 500");
    List<String> indexes = db.column("select indexname from pg_indexes where tablename = 'heartbeats' order by 1");
    assertEquals("37", attnum(db, "machine_id"));
    String before;
    String after;
    TimedInserts inserts;
    try (ApplicationWriters writers = new ApplicationWriters(db, 3, 30_000);
         ShellProcess rebuild = ShellProcess.start(db, "-c", "\\rebuild --yes --batch-size 500 --lock-timeout 100ms"
             + " --lock-retries 1000")) {
      try (Connection holder = db.connect()) {
        await("the copy to begin", () -> phase(db).equals("copying"));
        holder.setAutoCommit(false);
        try (Statement st = holder.createStatement()) {
          st.execute("select count(*) from heartbeats where id = 1"); // a reader left open: the swap must wait for it
        }
        inserts = TimedInserts.start(db, "insert into heartbeats (user_id, time, language) values (1, 1, 'Go')");
        await("the swap to wait for the open transaction", () -> {
          try {
            return rebuild.output().contains("swap heartbeats and its copy: lock not available");
          } catch (Exception e) {
            return false;
          }
        });
        writers.close();
        inserts.stop();
        assertTrue(writers.writes() > 0);
        before = rows(db, "heartbeats");
        holder.rollback();
      }
      assertEquals(0, rebuild.waitFor(), rebuild.output());
      assertTrue(rebuild.output().contains("Rebuilt heartbeats"), rebuild.output());
    }
    assertTrue(inserts.inserted() > 0);
    assertTrue(inserts.longestMs() < 100 + 2000, "an insert waited " + inserts.longestMs() + " ms behind the swap");
    after = rows(db, "heartbeats");
    assertEquals(before, after, "the rebuilt table has other rows than the table had at the swap");
    assertEquals(before, rows(db, "heartbeats_before_rebuild"));

    assertEquals(Integer.parseInt(attnum(db, "deleted_at")) + 1, Integer.parseInt(attnum(db, "language_id")));
    assertEquals(Integer.parseInt(attnum(db, "machine_id")) + 1, Integer.parseInt(attnum(db, "language")));
    assertEquals(indexes, db.column("select indexname from pg_indexes where tablename = 'heartbeats' order by 1"));
    assertEquals("9", db.value("select count(*) from pg_constraint where conrelid = 'heartbeats'::regclass"
        + " and contype = 'f' and convalidated"));
    assertEquals("heartbeats_pkey", db.value("select conname from pg_constraint where conrelid = 'heartbeats'::regclass"
        + " and contype = 'p'"));
    assertEquals("0", db.value("select count(*) from pg_class where relname like 'cutover_rebuild%'"));
    assertEquals("t", db.value("select has_table_privilege('rebuild_reader', 'heartbeats', 'select')"));
    assertEquals("the editor's language", db.value("select col_description('heartbeats'::regclass, "
        + attnum(db, "language") + ")"));
    assertEquals("500", db.value("select attstattarget from pg_attribute where attrelid = 'heartbeats'::regclass"
        + " and attname = 'entity'"));
    var progress = ShellRun.on(db).args("-c", "\\progress --exact").run();
    assertEquals(0, progress.status(), progress.toString());
    assertEquals("clean", db.value("select status from cutover.steps where step = 'verify'"), progress.out());

    // The new table dual-writes, and the old one can go without taking the id sequence with it.
    var done = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "--yes", "-c", "\\rebuild drop-old",
        "-c", "insert into heartbeats (user_id, time, language) values (2, 2, 'Gleam-after-rebuild')").run();
    assertEquals(0, done.status(), done.toString());
    assertEquals("Gleam-after-rebuild", db.value("select l.name from heartbeats h join heartbeat_languages l"
        + " on l.id = h.language_id where h.id = (select max(id) from heartbeats)"));
    assertEquals("0", db.value("select count(*) from pg_class where relname = 'heartbeats_before_rebuild'"));
    var again = ShellRun.on(db).args("-c", "\\rebuild").run();
    assertTrue(again.out().contains("already precede its strings: nothing to rebuild"), again.toString());
  }

  @Test
  void aRebuildKilledMidCopyResumesAndEndsWithEveryRowAsItWas() throws Exception {
    TestDatabase db = validated("rebuild_kill", 30_000);
    Random random = new Random(20261121);
    int kills = 0;
    for (int trial = 0; trial < 3; trial++) {
      long target = copied(db) + 1000 + random.nextInt(5000);
      try (ShellProcess p = ShellProcess.start(db, "-c", "\\rebuild --yes --batch-size 300 --sleep-ms 5")) {
        await("the copy to pass " + target + " rows", () -> copied(db) >= target || !p.isAlive());
        assertTrue(p.isAlive(), p.output());
        p.kill();
        kills++;
      }
      await("the killed shell's session to end", () -> unlocked(db));
      // The application writes while no rebuild runs: the change log must still carry these.
      db.execute("update heartbeats set editor = 'Helix', project = 'after-kill-" + trial + "' where id % 97 = " + trial,
          "delete from heartbeats where id % 101 = " + trial,
          "insert into heartbeats (user_id, time, language) values (3, 3, 'Odin-" + trial + "')");
    }
    assertEquals(3, kills);
    var dryRun = ShellRun.on(db).args("-c", "\\rebuild --dry-run").run();
    assertTrue(dryRun.out().contains("is underway (copying)"), dryRun.out());
    var status = ShellRun.on(db).args("-c", "\\rebuild status", "-c", "\\status").run();
    assertTrue(status.out().contains("Rebuild of heartbeats: copying"), status.out());
    assertTrue(status.out().contains("Next: \\rebuild (it resumes)"), status.out());
    String expected = rows(db, "heartbeats");
    var resumed = ShellRun.on(db).args("-c", "\\rebuild").run();
    assertEquals(0, resumed.status(), resumed.toString());
    assertTrue(resumed.out().contains("Resuming the rebuild of heartbeats (copying)"), resumed.out());
    assertEquals(expected, rows(db, "heartbeats"));
    assertEquals("0", db.value("select count(*) from pg_trigger where tgname like 'cutover_rebuild%'"));
    assertEquals("0", db.value("select count(*) from pg_class where relname like 'cutover_rebuild%'"
        + " or relname = 'rebuild_changes'"));
  }

  @Test
  void aTableChangedUnderTheCopyIsNotSwappedAndAbortLeavesItAsItWas() throws Exception {
    TestDatabase db = validated("rebuild_changed", 5_000);
    try (ShellProcess p = ShellProcess.start(db, "-v", "ON_ERROR_STOP=1", "-c",
        "\\rebuild --yes --batch-size 100 --sleep-ms 100")) {
      await("the copy to begin", () -> phase(db).equals("copying"));
      db.execute("alter table heartbeats add column note text");
      assertEquals("copying", phase(db), "the copy ended before the ALTER: slow it down more");
      assertNotEquals(0, p.waitFor(), p.output());
      assertTrue(p.output().contains("refused to swap: heartbeats changed while it was being copied"), p.output());
      assertTrue(p.output().contains("\\rebuild abort"), p.output());
    }
    var drop = ShellRun.on(db).args("--yes", "-c", "\\drop_raw --force-writes").run();
    assertTrue(drop.err().contains("refused: heartbeats is being rebuilt"), drop.err());
    var truncate = ShellRun.on(db).args("-c", "truncate heartbeats").run();
    assertTrue(truncate.err().contains("heartbeats is being copied by cutover: TRUNCATE would not reach the copy"),
        truncate.err());
    String rows = rows(db, "heartbeats");
    var abort = ShellRun.on(db).args("-c", "\\rebuild abort").run();
    assertEquals(0, abort.status(), abort.toString());
    assertTrue(abort.out().contains("given up"), abort.out());
    assertEquals("0", db.value("select count(*) from pg_trigger where tgname like 'cutover_rebuild%'"));
    assertEquals("0", db.value("select count(*) from pg_class where relname like 'cutover_rebuild%'"));
    assertEquals(rows, rows(db, "heartbeats"));
  }

  /**
   * Any plan's table, not only heartbeats: names that need quoting, another schema, a uuid key,
   * CHECK and UNIQUE constraints, a column with a default after the FK.
   */
  @Test
  void aTableOfAnotherShapeIsRebuiltWithItsConstraints(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    TestDatabase db = io.cutover.shell.testkit.PostgresServer.get().createDatabase("rebuild_shape");
    db.execute("create schema shop",
        "create table shop.\"Order Lines\" (id uuid primary key default gen_random_uuid(), \"Status\" text"
            + " check (\"Status\" <> 'forbidden'), code text constraint \"order code once\" unique, note text,"
            + " created timestamptz not null default now())",
        "do $$ begin create role rebuild_owner; exception when duplicate_object then null; end $$",
        "alter table shop.\"Order Lines\" owner to rebuild_owner, set (fillfactor = 80)",
        "comment on table shop.\"Order Lines\" is 'one line of an order'",
        "insert into shop.\"Order Lines\" (\"Status\", code, note) select (array['new', 'paid', null, ''])[1 + g % 4],"
            + " 'c' || g, repeat('n', g % 50) from generate_series(1, 3000) g");
    java.nio.file.Path plan = dir.resolve("plan.json");
    java.nio.file.Files.writeString(plan, "{\"schema\": \"shop\", \"table\": \"Order Lines\", \"key\": \"id\","
        + " \"dimensions\": [{\"column\": \"Status\", \"lookup\": \"order statuses\", \"fk\": \"status id\"}]}");
    var r = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "--yes", "-c", "\\plan " + plan, "-c", "\\migrate generate",
        "-c", "\\migrate", "-c", "\\dualwrite on", "-c", "\\backfill", "-c", "\\validate_fks").run();
    assertEquals(0, r.status(), r.toString());
    String table = "shop.\"Order Lines\"";
    String before = db.value("select md5(string_agg(to_jsonb(o)::text, ',' order by id)) from " + table + " o");
    var rebuild = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "--yes", "-c", "\\rebuild --batch-size 700").run();
    assertEquals(0, rebuild.status(), rebuild.toString());
    assertEquals(before, db.value("select md5(string_agg(to_jsonb(o)::text, ',' order by id)) from " + table + " o"));
    assertEquals("id,status id,Status,code,note,created", db.value("select string_agg(attname, ',' order by attnum)"
        + " from pg_attribute where attrelid = 'shop.\"Order Lines\"'::regclass and attnum > 0 and not attisdropped"));
    assertEquals("CHECK ((\"Status\" <> 'forbidden'::text))|FOREIGN KEY (\"status id\") REFERENCES"
        + " shop.\"order statuses\"(id)|PRIMARY KEY (id)|UNIQUE (code)", db.value("select string_agg(pg_get_constraintdef(oid), '|'"
        + " order by contype, conname) from pg_constraint where conrelid = 'shop.\"Order Lines\"'::regclass"));
    assertEquals("rebuild_owner|{fillfactor=80}|one line of an order", db.value("select concat_ws('|',"
        + " pg_get_userbyid(relowner), reloptions, obj_description(oid, 'pg_class')) from pg_class"
        + " where oid = 'shop.\"Order Lines\"'::regclass"));
    assertEquals("order code once", db.value("select conname from pg_constraint where contype = 'u'"
        + " and conrelid = 'shop.\"Order Lines\"'::regclass"));
    var refused = ShellRun.on(db).args("-c", "insert into " + table + " (\"Status\", code) values ('forbidden', 'x')",
        "-c", "insert into " + table + " (\"Status\", code) values ('new', 'c1')").run();
    assertTrue(refused.err().contains("violates check constraint"), refused.err());
    assertTrue(refused.err().contains("\"order code once\""), refused.err());
  }

  @Test
  void refusesBeforeValidationAndWhereARenameWouldLeaveAMaterializedViewBehindAndADryRunChangesNothing() throws Exception {
    TestDatabase db = ExpandedExample.create("rebuild_refused", 2_000);
    var early = ShellRun.on(db).args("--yes", "-c", "\\rebuild").run();
    assertNotEquals(0, early.status());
    assertTrue(early.err().contains("refused: the FK on language_id is not validated"), early.err());
    assertTrue(early.err().contains("\\validate_fks"), early.err());

    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\backfill", "-c", "\\validate_fks").run().status());
    db.execute("create materialized view recent_languages as select language, time from heartbeats");
    var view = ShellRun.on(db).args("--yes", "-c", "\\rebuild").run();
    assertNotEquals(0, view.status());
    assertTrue(view.err().contains("materialized view recent_languages"), view.err());
    assertEquals("0", db.value("select count(*) from pg_class where relname like 'cutover_rebuild%'"));

    db.execute("drop materialized view recent_languages");
    var dryRun = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\rebuild --dry-run").run();
    assertEquals(0, dryRun.status(), dryRun.toString());
    assertTrue(dryRun.out().contains("\"deleted_at\" timestamp without time zone,\n  \"language_id\" bigint,"), dryRun.out());
    assertTrue(dryRun.out().contains("ALTER TABLE \"public\".\"heartbeats\" RENAME TO \"heartbeats_before_rebuild\";"),
        dryRun.out());
    assertTrue(dryRun.out().contains("Nothing was changed"), dryRun.out());
    assertEquals("0", db.value("select count(*) from pg_class where relname like 'cutover_rebuild%'"));
    assertEquals("0", db.value("select count(*) from pg_trigger where tgname like 'cutover_rebuild%'"));

    var status = ShellRun.on(db).args("-c", "\\rebuild status").run();
    assertTrue(status.out().contains("No rebuild of heartbeats yet"), status.out());
  }
}
