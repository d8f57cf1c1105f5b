package io.cutover.migration.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.runbook.TimedInserts;
import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code \partition maintain|retain|status} as a user runs them on tables already partitioned by
 * range: every kind of time column, names that need quoting, a session in another time zone,
 * the application inserting throughout, a reader that makes a concurrent detach time out.
 */
@org.junit.jupiter.api.Tag("postgres")
class PartitionMaintenanceTest {

  /**
   * Hackatime's shape: {@code time} a float8 of epoch seconds; one partition made by hand, for the
   * month before this one (so the tests read the same whatever month they run in), named
   * {@code hb_previous}.
   */
  private static void heartbeats(TestDatabase db) throws Exception {
    db.execute("""
        create table hb (id bigserial, user_id int not null, time float8 not null, language text, primary key (id, time))
          partition by range (time);
        create index on hb (user_id, time);
        create table hb_previous (like hb including all);
        """);
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("""
          do $$ begin execute format('alter table hb attach partition hb_previous for values from (%L) to (%L)',
            extract(epoch from date_trunc('month', now() at time zone 'UTC') - interval '1 month'),
            extract(epoch from date_trunc('month', now() at time zone 'UTC'))); end $$""");
    }
  }

  private static ShellRun.Result shell(TestDatabase db, String... commands) {
    List<String> args = new java.util.ArrayList<>(List.of("-X", "-v", "ON_ERROR_STOP=1"));
    for (String command : commands) {
      args.add("-c");
      args.add(command);
    }
    return ShellRun.on(db).args(args.toArray(String[]::new)).run();
  }

  /** Each partition of {@code parent} with its bound, as the server prints it in UTC. */
  private static List<String> bounds(TestDatabase db, String parent) throws Exception {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("set timezone = 'UTC'");
      var rs = st.executeQuery("select c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) from pg_inherits i"
          + " join pg_class c on c.oid = i.inhrelid where i.inhparent = to_regclass('" + parent.replace("'", "''")
          + "') order by 1");
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static long epoch(TestDatabase db, String sql) throws Exception {
    return Long.parseLong(db.value("select extract(epoch from " + sql + ")::bigint"));
  }

  @Test
  void maintainPremakesUtcMonthsOfEpochSecondsWhileTheApplicationInsertsFutureDatedRows() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("partition_maintain");
    heartbeats(db);
    // The application inserts throughout (into last month: nothing later has a partition yet).
    TimedInserts writer = TimedInserts.start(db, "insert into hb (user_id, time) values (1,"
        + " extract(epoch from date_trunc('month', now() at time zone 'UTC')) - 3600)");
    var before = shell(db, "\\partition status hb");
    assertTrue(before.err().contains("has no partition for rows dated from") && before.err().contains("inserts of now fail"),
        before.toString());
    // The session's time zone must not move the bounds.
    var r = shell(db, "set timezone = 'America/New_York'", "\\partition maintain hb");
    assertEquals(0, r.status(), r.toString());
    var again = shell(db, "\\partition maintain hb");
    assertTrue(again.out().contains("Nothing to do"), again.toString());
    writer.stop();
    assertTrue(writer.inserted() > 0);

    long now = epoch(db, "now()");
    List<String> made = bounds(db, "hb");
    assertEquals(8, made.size(), made.toString()); // last month's (by hand), this month and 6 ahead
    String last = "(date_trunc('month', now() at time zone 'UTC') + interval '6 months')";
    assertTrue(made.contains("hb_p" + db.value("select to_char(" + last + ", 'YYYYMMDD')") + " FOR VALUES FROM ('"
        + epoch(db, last + " at time zone 'UTC'") + "') TO ('" + epoch(db, "(" + last + " + interval '1 month') at time zone 'UTC'")
        + "')"), made.toString());
    // Every row of the coming 150 days (clients send their own clocks) has its partition now.
    db.execute("insert into hb (user_id, time) select 2, " + now + " + g * 86400 from generate_series(0, 150) g");
    // The partitions carry the parent's indexes (attached, not duplicated).
    assertEquals("2", db.value("select count(*) from pg_indexes where tablename = 'hb_p' || to_char(" + last + ", 'YYYYMMDD')"));
  }

  @Test
  void everyKindOfTimeColumnAndNamesThatNeedQuoting() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("partition_kinds");
    db.execute("""
        create schema "Tenant A";
        create table "Tenant A"."Hb ""x""\" (id int, "When" timestamp not null) partition by range ("When");
        create table dd (id int, d date not null) partition by range (d);
        create table ii (id int, t bigint not null) partition by range (t);
        create table tz (id int, at timestamptz not null) partition by range (at);
        create table inf (id int, at timestamptz not null) partition by range (at);
        create table inf_old partition of inf for values from ('-infinity') to ('2020-01-01');
        """);
    var r = shell(db, "\\partition maintain \"Tenant A\".\"Hb \"\"x\"\"\" --every day --premake 1",
        "\\partition maintain dd --every month --premake 0", "\\partition maintain ii --every week --premake 0",
        "set timezone = 'Asia/Kolkata'", "\\partition maintain tz --every day --premake 0");
    assertEquals(0, r.status(), r.toString());
    String today = db.value("select to_char(now() at time zone 'UTC', 'YYYYMMDD')");
    String todayDate = db.value("select (now() at time zone 'UTC')::date");
    assertEquals(2, bounds(db, "\"Tenant A\".\"Hb \"\"x\"\"\"").size());
    assertTrue(bounds(db, "\"Tenant A\".\"Hb \"\"x\"\"\"").get(0).startsWith("Hb \"x\"_p" + today + " FOR VALUES FROM ('"
        + todayDate + " 00:00:00')"), bounds(db, "\"Tenant A\".\"Hb \"\"x\"\"\"").toString());
    assertTrue(bounds(db, "dd").get(0).contains("FROM ('" + todayDate.substring(0, 8) + "01')"), bounds(db, "dd").toString());
    long monday = epoch(db, "date_trunc('week', now() at time zone 'UTC')");
    assertTrue(bounds(db, "ii").get(0).contains("FROM ('" + monday + "')"), bounds(db, "ii").toString());
    assertTrue(bounds(db, "tz").get(0).contains("FROM ('" + todayDate + " 00:00:00+00')"), bounds(db, "tz").toString());
    // A catch-all partition from '-infinity' reads as unbounded below (it broke \\partition: "Bad value for type BigDecimal").
    var status = shell(db, "\\partition status inf");
    assertTrue(status.status() == 0 && status.out().contains("MINVALUE .. 2020-01-01"), status.toString());
    // Rows of now go in, whatever the kind.
    db.execute("insert into \"Tenant A\".\"Hb \"\"x\"\"\" values (1, now() at time zone 'UTC')",
        "insert into dd values (1, (now() at time zone 'UTC')::date)",
        "insert into ii values (1, extract(epoch from now())::bigint)", "insert into tz values (1, now())");
  }

  @Test
  void retainArchivesOrDropsOldMonthsAndFinishesADetachAReaderInterrupted() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("partition_retain");
    heartbeats(db);
    db.execute("""
        create table hb_p20250101 (like hb including all);
        alter table hb attach partition hb_p20250101 for values
          from (extract(epoch from timestamptz '2025-01-01 00:00+00')) to (extract(epoch from timestamptz '2025-02-01 00:00+00'));
        create table hb_p20250201 (like hb including all);
        alter table hb attach partition hb_p20250201 for values
          from (extract(epoch from timestamptz '2025-02-01 00:00+00')) to (extract(epoch from timestamptz '2025-03-01 00:00+00'));
        insert into hb (user_id, time) values (1, extract(epoch from timestamptz '2025-01-15')),
          (2, extract(epoch from timestamptz '2025-02-15'));
        insert into hb (user_id, time) values (3, extract(epoch from date_trunc('month', now() at time zone 'UTC')) - 3600);
        """);
    var dry = shell(db, "\\partition retain hb --older-than '13 months' --dry-run");
    assertTrue(dry.out().contains("would detach public.hb_p20250101") && dry.out().contains("would detach public.hb_p20250201"),
        dry.toString());
    assertEquals(3, bounds(db, "hb").size(), "a dry run changes nothing");

    // A reader's open transaction on the table makes the detach's second phase wait: with no retries, it
    // gives up and leaves the partition pending, as a killed run would.
    try (Connection reader = db.connect(); Statement st = reader.createStatement()) {
      reader.setAutoCommit(false);
      st.executeQuery("select count(*) from hb").close();
      var interrupted = shell(db, "\\partition retain hb --older-than '13 months' --lock-timeout 200ms --lock-retries 0");
      assertEquals(1, interrupted.status(), interrupted.toString()); // a failed -c, as psql
      assertTrue(interrupted.err().contains("gave up after 1 tries"), interrupted.toString());
      assertFalse(interrupted.err().contains("Exception"), interrupted.toString());
      reader.rollback();
    }
    assertEquals("t", db.value("select inhdetachpending from pg_inherits where inhrelid = 'hb_p20250101'::regclass"));
    var status = shell(db, "\\partition status hb");
    assertTrue(status.out().contains("detach pending"), status.toString());

    // The next run finishes it, and archives both old months; the application inserts throughout.
    assertEquals(0, shell(db, "\\partition maintain hb --premake 1").status());
    TimedInserts writer = TimedInserts.start(db, "insert into hb (user_id, time) values (9, extract(epoch from now()))");
    var finished = shell(db, "\\partition retain hb --older-than '13 months' --archive hb_archive");
    writer.stop();
    assertEquals(0, finished.status(), finished.toString());
    List<String> left = bounds(db, "hb").stream().map(b -> b.split(" ")[0]).toList();
    assertTrue(left.contains("hb_previous") && !left.contains("hb_p20250101") && !left.contains("hb_p20250201"), left.toString());
    assertEquals("2", db.value("select count(*) from hb_archive"));
    var archived = shell(db, "\\partition status hb_archive");
    assertTrue(archived.out().contains("public.hb_p20250101") && !archived.err().contains("headroom"), archived.toString());
    // The table itself, premade one month ahead only, is short of its headroom and says so.
    assertTrue(shell(db, "\\partition status hb").err().contains("under the headroom of 6: run \\partition maintain public.hb"));
    assertEquals("1", db.value("select count(*) from hb where user_id = 3"));

    // Detached without an archive, a partition is kept until its grace period is over.
    db.execute("""
        create table hb_p20260101 (like hb including all);
        alter table hb attach partition hb_p20260101 for values
          from (extract(epoch from timestamptz '2026-01-01 00:00+00')) to (extract(epoch from timestamptz '2026-02-01 00:00+00'));
        insert into hb (user_id, time) values (4, extract(epoch from timestamptz '2026-01-15'));
        """);
    var kept = shell(db, "\\partition retain hb --older-than '6 months' --drop-after '30 days'");
    assertEquals(0, kept.status(), kept.toString());
    assertEquals("1", db.value("select count(*) from hb_p20260101"), "kept through its grace period");
    var dropped = shell(db, "\\partition retain hb --older-than '6 months' --drop-after '0 seconds'");
    assertEquals(0, dropped.status(), dropped.toString());
    assertEquals("f", db.value("select to_regclass('hb_p20260101') is not null"));
    assertEquals("t", db.value("select (select count(*) from hb_archive) = 2 and to_regclass('hb_p20250101') is not null"));
  }

  @Test
  void refusalsSayWhatIsWrongAndWhatToRun() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("partition_refusals");
    heartbeats(db);
    db.execute("""
        create table plain (id int);
        create table bylist (id int, k text) partition by list (k);
        create table bytext (id int, k text) partition by range (k);
        create table withdefault (id int, t date not null) partition by range (t);
        create table withdefault_rest partition of withdefault default;
        create table byday (id int, t date not null) partition by range (t);
        """);
    // A table of the user's holding the name of the next day's partition is never taken for one.
    db.execute("create table byday_p" + db.value("select to_char(now() at time zone 'UTC' + interval '1 day', 'YYYYMMDD')")
        + " (id int, t date not null)");
    record Case(String command, String says) {
    }
    for (Case c : List.of(
        new Case("\\partition maintain plain", "public.plain is not partitioned"),
        new Case("\\partition maintain bylist", "not by RANGE on one column"),
        new Case("\\partition maintain bytext", "which is not a time"),
        new Case("\\partition maintain nosuch", "no table nosuch"),
        new Case("\\partition maintain hb --every fortnight", "--every takes day, week or month"),
        new Case("\\partition retain hb", "--older-than INTERVAL"),
        new Case("\\partition retain hb --older-than 'soon'", "is not an interval"),
        new Case("\\partition retain hb --older-than '1 year' --archive a --drop-after '1 day'", "choose one"),
        new Case("\\partition retain withdefault --older-than '1 year'", "has a DEFAULT partition"),
        new Case("\\partition maintain", "which table? no plan loaded"),
        new Case("\\partition maintain byday --every day --premake 1", "exists already, not made by \\partition maintain"))) {
      var r = shell(db, c.command());
      assertEquals(1, r.status(), r.toString());
      assertTrue(r.err().contains(c.says()), c.command() + ": " + r);
      assertFalse(r.err().contains("Exception") || r.err().contains("io.cutover"), r.toString());
    }
    // The same table marked as an interrupted run leaves its premade table: attached by the next run.
    String tomorrow = "byday_p" + db.value("select to_char(now() at time zone 'UTC' + interval '1 day', 'YYYYMMDD')");
    db.execute("comment on table " + tomorrow + " is 'cutover: premade partition of \"public\".\"byday\"'");
    var resumed = shell(db, "\\partition maintain byday --every day --premake 1");
    assertEquals(0, resumed.status(), resumed.toString());
    assertTrue(bounds(db, "byday").stream().anyMatch(b -> b.startsWith(tomorrow + " ")), bounds(db, "byday").toString());
    assertEquals("f", db.value("select obj_description('" + tomorrow + "'::regclass, 'pg_class') is not null"));
    // A second run while one holds the table's partitioning lock (cron and a person at once) is refused.
    try (Connection other = db.connect(); Statement st = other.createStatement()) {
      var rs = st.executeQuery("select pg_try_advisory_lock(" + new PlanTable("public", "hb").lockKey(PartitionCommand.LOCK) + ")");
      rs.next();
      assertTrue(rs.getBoolean(1));
      var r = shell(db, "\\partition maintain hb --every month");
      assertTrue(r.status() == 1 && r.err().contains("another session is maintaining the partitions of public.hb"), r.toString());
    }
    assertEquals(0, shell(db, "\\partition maintain hb --every month").status(), "free again once the other session ends");
  }
}
