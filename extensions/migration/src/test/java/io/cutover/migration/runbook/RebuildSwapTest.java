package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The swap of {@code \rebuild} with the application writing through it: every write the server
 * acknowledged, before, during and after the swap, is in the rebuilt table, row by row.
 */
@org.junit.jupiter.api.Tag("postgres")
class RebuildSwapTest {

  @Test
  void everyAcknowledgedWriteThroughTheCopyCatchUpAndSwapIsInTheRebuiltTable() throws Exception {
    for (int trial = 0; trial < 3; trial++) {
      TestDatabase db = ExpandedExample.create("rebuild_ledger_" + trial, 10_000);
      var ready = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\backfill", "-c", "\\validate_fks").run();
      assertEquals(0, ready.status(), ready.toString());
      ShellRun.Result rebuild;
      LedgerWriters writers = new LedgerWriters(db, 4, 10_000);
      try (writers) {
        rebuild = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "--yes", "-c",
            "\\rebuild --batch-size 2000 --lock-timeout 200ms --lock-retries 1000").run();
      }
      assertEquals(0, rebuild.status(), rebuild.toString());
      assertTrue(writers.writes() > 0);
      List<String> lost = writers.lost(db, "heartbeats_before_rebuild");
      assertTrue(lost.isEmpty(), "trial " + trial + ": " + lost.size() + " acknowledged writes lost, e.g. "
          + lost.subList(0, Math.min(5, lost.size())) + "\n" + rebuild);
    }
  }

  /**
   * An application transaction holding a lookup table (it inserted a new language and has not
   * committed): the rebuild waits for that lock at most its lock timeout per try, never while it
   * holds the table's own lock (which would queue every insert behind both), gives up clearly,
   * and finishes once the transaction ends.
   */
  @Test
  void aLockHeldOnALookupTableNeverMakesTheSwapHoldTheTableWhileItWaits() throws Exception {
    TestDatabase db = ExpandedExample.create("rebuild_lookup_lock", 3_000);
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\backfill", "-c", "\\validate_fks").run().status());
    AtomicBoolean heldWhileWaiting = new AtomicBoolean();
    try (Connection holder = db.connect(); Connection watcher = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("lock table heartbeat_languages in row exclusive mode");
      }
      try (ShellProcess p = ShellProcess.start(db, "--yes", "-c", "\\rebuild --lock-timeout 300ms --lock-retries 3")) {
        // While the rebuild runs, look for a backend waiting on the lookup while it holds the table exclusively.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (p.isAlive()) {
          assertTrue(System.nanoTime() < deadline, "the rebuild is still waiting after 120 s:\n" + p.output());
          try (Statement st = watcher.createStatement(); var rs = st.executeQuery("""
              select count(*) from pg_locks w join pg_locks h on h.pid = w.pid
              where not w.granted and w.relation = 'heartbeat_languages'::regclass
                and h.granted and h.relation = 'heartbeats'::regclass and h.mode = 'AccessExclusiveLock'""")) {
            rs.next();
            heldWhileWaiting.compareAndSet(false, rs.getLong(1) > 0);
          }
        }
        assertEquals(1, p.waitFor(), p.output());
        assertTrue(p.output().contains("add the foreign keys to the copy: gave up after 4 tries"), p.output());
      }
      holder.rollback();
    }
    assertTrue(!heldWhileWaiting.get(), "the rebuild waited for a lookup's lock while holding the table's");
    var resumed = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\rebuild").run();
    assertEquals(0, resumed.status(), resumed.toString());
    assertTrue(resumed.out().contains("Rebuilt heartbeats"), resumed.out());
    assertEquals(db.value("select count(*) from heartbeats_before_rebuild"), db.value("select count(*) from heartbeats"));

    // The old table goes only when the new one holds every row it has, or when told the rest were deleted.
    db.execute("delete from heartbeats where id in (7, 11)");
    var refused = ShellRun.on(db).args("--yes", "-c", "\\rebuild drop-old").run();
    assertEquals(1, refused.status(), refused.toString());
    assertTrue(refused.err().contains("refused: 2 rows of heartbeats_before_rebuild are not in heartbeats (keys 7, 11)"),
        refused.err());
    assertEquals("1", db.value("select count(*) from pg_class where relname = 'heartbeats_before_rebuild'"));
    var forced = ShellRun.on(db).args("--yes", "-c", "\\rebuild drop-old --force").run();
    assertEquals(0, forced.status(), forced.toString());
    assertEquals("0", db.value("select count(*) from pg_class where relname = 'heartbeats_before_rebuild'"));
  }

  /**
   * Views that read the table follow it to the copy: a report view with a grant, a comment and a
   * check option, and a view on that view. After the swap they read the new table, and the old
   * one can be dropped (nothing depends on it any more).
   */
  @Test
  void viewsOnTheTableAreMadeAgainOnTheCopyWithTheirGrantsCommentsAndOptions() throws Exception {
    TestDatabase db = ExpandedExample.create("rebuild_views", 2_000);
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\backfill", "-c", "\\validate_fks").run().status());
    db.execute("do $$ begin create role view_reader; exception when duplicate_object then null; end $$",
        "create view \"Go Beats\" as select * from heartbeats where language = 'Go' with local check option",
        "create view go_per_user as select user_id, count(*) as n from \"Go Beats\" group by user_id",
        "grant select on \"Go Beats\", go_per_user to view_reader",
        "comment on view \"Go Beats\" is 'the Go heartbeats'");
    String before = db.value("select sum(n) from go_per_user");
    var rebuild = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "--yes", "-c", "\\rebuild").run();
    assertEquals(0, rebuild.status(), rebuild.toString());
    assertEquals(before, db.value("select sum(n) from go_per_user"));
    db.execute("insert into heartbeats (user_id, time, language) values (1, 1, 'Go')");
    assertEquals(String.valueOf(Long.parseLong(before) + 1), db.value("select sum(n) from go_per_user"),
        "the views must read the new table");
    assertEquals("heartbeats", db.value("select string_agg(distinct c.relname, ',') from pg_depend d"
        + " join pg_rewrite r on r.oid = d.objid join pg_class c on c.oid = d.refobjid"
        + " where r.ev_class = '\"Go Beats\"'::regclass and c.relkind = 'r'"));
    assertEquals("t|t|the Go heartbeats|{check_option=local}", db.value("select concat_ws('|',"
        + " has_table_privilege('view_reader', '\"Go Beats\"', 'select'), has_table_privilege('view_reader', 'go_per_user',"
        + " 'select'), obj_description('\"Go Beats\"'::regclass, 'pg_class'), (select reloptions from pg_class"
        + " where oid = '\"Go Beats\"'::regclass))"));
    var dropOld = ShellRun.on(db).args("--yes", "-c", "\\rebuild drop-old").run();
    assertEquals(0, dropOld.status(), dropOld.toString());
  }

  /**
   * An application that takes its id first (nextval, as Hibernate does) and inserts later, in one
   * transaction, across the swap: the swap must not wait for the sequence while it holds the table
   * (a deadlock whose victim could be the application). The insert lands in the new table, and
   * the sequence is the new table's once the transaction ends.
   */
  @Test
  void anApplicationHoldingTheSequenceAcrossTheSwapIsNeitherBlockedNorAborted() throws Exception {
    TestDatabase db = ExpandedExample.create("rebuild_sequence", 2_000);
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\backfill", "-c", "\\validate_fks").run().status());
    try (Connection app = db.connect();
         ShellProcess rebuild = ShellProcess.start(db, "--yes", "-c", "\\rebuild --lock-timeout 300ms --lock-retries 100")) {
      app.setAutoCommit(false);
      long id;
      try (Statement st = app.createStatement();
           var rs = st.executeQuery("select nextval(pg_get_serial_sequence('heartbeats', 'id'))")) {
        rs.next();
        id = rs.getLong(1);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!db.column("select status from cutover.steps where step = 'rebuild'").equals(List.of("swapped"))) {
        assertTrue(System.nanoTime() < deadline && rebuild.isAlive(), "the swap did not happen:\n" + rebuild.output());
        Thread.sleep(20);
      }
      try (Statement st = app.createStatement()) {
        st.executeUpdate("insert into heartbeats (id, user_id, time, language) values (" + id + ", 1, 1, 'Hibernate')");
      }
      app.commit();
      assertEquals(0, rebuild.waitFor(), rebuild.output());
    }
    assertEquals("Hibernate", db.value("select language from heartbeats where language = 'Hibernate'"));
    assertEquals("public.heartbeats_id_seq", db.value("select pg_get_serial_sequence('heartbeats', 'id')"));
  }

  /**
   * What would keep reading the old table after the swap is refused by name before anything is
   * copied (a function returning its rows, a policy of another table); a NOT VALID check that old
   * rows break goes to the copy at the swap, still NOT VALID and still refusing new rows.
   */
  @Test
  void rowTypeUsesAndPoliciesElsewhereAreRefusedAndANotValidCheckIsKept() throws Exception {
    TestDatabase db = ExpandedExample.create("rebuild_dependents", 2_000);
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\backfill", "-c", "\\validate_fks").run().status());
    db.execute("insert into heartbeats (user_id, time, language) values (1, -5, 'Legacy')",
        "alter table heartbeats add constraint heartbeats_time_positive check (time > 0) not valid",
        "create function recent_beats() returns setof heartbeats language sql as 'select * from heartbeats'",
        "create table docs (id int)", "alter table docs enable row level security",
        "create policy docs_of_active on docs using (exists (select from heartbeats where user_id = docs.id))");
    var refused = ShellRun.on(db).args("--yes", "-c", "\\rebuild").run();
    assertEquals(1, refused.status(), refused.toString());
    assertTrue(refused.err().contains("use of its row type function recent_beats()"), refused.err());
    assertTrue(refused.err().contains("row-level security policy of another table docs_of_active on docs"), refused.err());
    assertEquals("0", db.value("select count(*) from pg_class where relname like 'cutover_rebuild%'"));
    db.execute("drop function recent_beats()", "drop table docs");
    var rebuild = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "--yes", "-c", "\\rebuild").run();
    assertEquals(0, rebuild.status(), rebuild.toString());
    assertEquals("f", db.value("select convalidated from pg_constraint where conname = 'heartbeats_time_positive'"
        + " and conrelid = 'heartbeats'::regclass"));
    assertEquals("1", db.value("select count(*) from heartbeats where time = -5"));
    var violating = ShellRun.on(db).args("-c", "insert into heartbeats (user_id, time) values (1, -6)").run();
    assertTrue(violating.err().contains("heartbeats_time_positive"), violating.toString());
  }
}
