package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, findings 1 to 3: the read cutover sees what the session's own statements see, now.
 * {@code \compare} runs on the session (its temp tables, role, settings, open transaction's rows),
 * as {@code \cutover on} does, and leaves it as it was; before, both queries ran on a pooled
 * connection lent only the search_path. Columns and lookup ids read for an earlier rewrite are
 * checked before it is used again.
 */
@org.junit.jupiter.api.Tag("postgres")
class SessionViewTest {

  private static final String COUNT = "select status, count(*) from orders group by 1 order by 1";

  static TestDatabase db;

  @BeforeAll
  static void migrate(@TempDir Path dir) throws Exception {
    db = PostgresServer.get().createDatabase("compare_session");
    db.execute("create table orders (id bigserial primary key, status text)",
        "insert into orders (status) select 's' || (g % 3) from generate_series(1, 300) g");
    MigratedExample.migrate(db, dir, "{\"table\": \"orders\", \"dimensions\": ["
        + "{\"column\": \"status\", \"lookup\": \"statuses\", \"fk\": \"status_id\"}]}");
  }

  @Test
  void aQueryJoiningATempTableIsComparedOnTheSession() {
    String query = "select status, count(*) from orders join picked using (id) group by 1 order by 1";
    var r = MigratedExample.shell(db, "-c", "create temp table picked as select id from orders where id <= 30",
        "-c", "\\compare " + query).run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("rewritten | t"), r.out());
  }

  /** An uncommitted FK the rewrite would read differently is a difference the user would meet; the transaction goes on. */
  @Test
  void theOpenTransactionsRowsAreComparedAndTheTransactionGoesOn() {
    var r = MigratedExample.shell(db).stdin("begin;\nalter table orders disable trigger user;\n"
        + "update orders set status_id = null where id = 1;\n\\compare " + COUNT + "\n"
        + "select status_id is null as unset from orders where id = 1;\nrollback;\n").run();
    assertEquals(3, r.status(), r.toString());
    assertTrue(r.err().contains("the rewritten query returns other results"), r.err());
    r = MigratedExample.shell(db, "-v", "ON_ERROR_STOP=0").stdin("begin;\nalter table orders disable trigger user;\n"
        + "update orders set status_id = null where id = 1;\n\\compare " + COUNT + "\n"
        + "select status_id is null as unset from orders where id = 1;\nrollback;\n").run();
    assertTrue(r.out().contains(" t\n"), r.out());
    assertFalse(r.err().contains("current transaction is aborted"), r.err());
  }

  /** The application's role may not read the lookups: the rewrite fails for it, and \compare says so. */
  @Test
  void aRoleThatCannotReadTheLookupIsTold() throws Exception {
    db.execute("do $$ begin create role reader_only; exception when duplicate_object then null; end $$",
        "grant select on orders to reader_only");
    var r = MigratedExample.shell(db, "-c", "set role reader_only", "-c", "\\compare " + COUNT).run();
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.err().contains("the rewritten query failed where the original ran: permission denied for table statuses"),
        r.err());
    assertTrue(r.err().contains("GRANT SELECT"), r.err());
  }

  @Test
  void anAbortedTransactionIsToldWithItsWayOut() {
    var r = MigratedExample.shell(db, "-v", "ON_ERROR_STOP=0").stdin("begin;\nselect 1 / 0;\n\\compare " + COUNT
        + "\nrollback;\nselect 'after' as still;\n").run();
    assertTrue(r.err().contains("the session's transaction is aborted, so nothing can run in it"), r.err());
    assertTrue(r.err().contains("End it with ROLLBACK, then run \\compare again."), r.err());
    assertTrue(r.out().contains(" after\n"), r.out());
  }

  @Test
  void anIdleSessionStaysOutsideATransactionAndKeepsItsSettings() {
    var r = MigratedExample.shell(db, "-c", "set timezone = 'Asia/Kathmandu'", "-c", "\\compare " + COUNT,
        "-c", "select current_setting('timezone') as tz, now() = statement_timestamp() as fresh").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("Asia/Kathmandu"), r.out());
    assertTrue(r.out().contains("| t"), r.out());
  }

  /** A column added since the last rewrite of the query: the cached rewrite is not used again. */
  @Test
  void aColumnAddedSinceIsSeenByTheNextRewrite() throws Exception {
    db.execute("create table extra (id bigint primary key)", "insert into extra select g from generate_series(1, 50) g");
    String query = "select status, count(*) from orders o join extra e on e.id = o.id group by 1 order by 1";
    var r = MigratedExample.shell(db).stdin("\\rewrite " + query + "\nalter table extra add column status text;\n"
        + "\\rewrite " + query + "\n").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("carried by status_id"), r.out());
    assertTrue(r.out().contains("left as it is: column reference \"status\" is ambiguous"), r.out());
    db.execute("drop table extra");
  }

  /** A lookup row deleted and inserted again has a new id: the rewrite holding the old one is not used again. */
  @Test
  void aLookupRowInsertedAgainIsReadWithItsNewId() {
    String count = "select count(*) as n from orders where status = 'again';\n";
    var r = MigratedExample.shell(db).stdin("insert into orders (status) values ('again');\n\\cutover on\n" + count
        + "delete from orders where status = 'again';\ndelete from statuses where name = 'again';\n"
        + "insert into orders (status) values ('again');\n" + count + "\\cutover off\n"
        + "delete from orders where status = 'again';\n").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals(2, r.out().split(" n \n---\n 1\n", -1).length - 1, r.out());
  }

  /** Issue 15, finding 6: a rewrite that fails when run is counted as failed, with the server's reason, not as other results. */
  @Test
  void aFileCountsAFailedRewriteAsFailed(@TempDir Path dir) throws Exception {
    db.execute("do $$ begin create role reader_only; exception when duplicate_object then null; end $$",
        "grant select on orders to reader_only");
    Path file = dir.resolve("q.sql");
    java.nio.file.Files.writeString(file, COUNT + ";\nselect count(*) from orders;\n");
    var r = MigratedExample.shell(db, "-c", "set role reader_only", "-c", "\\compare -f " + file).run();
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.err().contains("1 of 2 failed when run"), r.err());
    assertFalse(r.err().contains("other results"), r.err());
    assertTrue(r.out().contains("failed: permission denied for table statuses"), r.out());
  }

  /** Issue 15, finding 6: a query on a view over the plan's table says so and what to do. */
  @Test
  void aQueryOnAViewSaysItReadsAView() throws Exception {
    db.execute("create or replace view \"Orders View\" as select * from orders");
    var r = MigratedExample.shell(db, "-c", "\\rewrite select status, count(*) from \"Orders View\" group by 1").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("it reads the view \"Orders View\", which reads orders: the rewrite does not look inside views"),
        r.out());
    assertTrue(r.out().contains("(\\d+ \"Orders View\" shows it)"), r.out());
  }
}
