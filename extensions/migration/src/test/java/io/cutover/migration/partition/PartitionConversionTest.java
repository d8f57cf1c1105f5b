package io.cutover.migration.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.migration.runbook.ExpandedExample;
import io.cutover.migration.runbook.TimedInserts;
import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code \partition TABLE by COLUMN every PERIOD}, the online conversion, as a user runs it: the
 * application writing throughout (rows dated next year and in 1990 included), a transaction
 * holding the table at the swap, the shell killed mid-copy and the run resumed or given up.
 */
class PartitionConversionTest {

  private static final String TABLE = "\"Tenant A\".\"Beats \"\"x\"\"\"";

  /**
   * A table without a plan in a tenant schema whose names need quoting: a float8 of epoch seconds
   * (Hackatime's {@code time}), two years of rows, one dated 1970, an FK to a lookup, a second
   * unique key, a comment and a grant.
   */
  private static TestDatabase beats(String name, int rows) throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase(name);
    db.execute("""
        create schema "Tenant A";
        create table "Tenant A".langs (id int primary key, name text);
        insert into "Tenant A".langs values (1, 'Go'), (2, 'Ruby'), (3, 'Zig');
        create table "Tenant A"."Beats ""x""\" (id bigserial primary key, user_id int not null, "time" float8 not null,
          language text, lang_id int references "Tenant A".langs, unique (user_id, id));
        create index on "Tenant A"."Beats ""x""\" (user_id, "time");
        comment on table "Tenant A"."Beats ""x""\" is 'heartbeats of tenant A';
        do $$ begin create role beat_reader; exception when duplicate_object then null; end $$;
        grant select on "Tenant A"."Beats ""x""\" to beat_reader;
        """,
        "insert into " + TABLE + " (user_id, \"time\", language, lang_id) select 1 + g % 10,"
            + " extract(epoch from now()) - g * (730.0 * 86400 / " + rows + "), 'L' || (g % 7), 1 + g % 3"
            + " from generate_series(1, " + rows + ") g",
        "insert into " + TABLE + " (user_id, \"time\") values (1, 0)",
        "analyze " + TABLE);
    return db;
  }

  private static ShellRun.Result shell(TestDatabase db, String... commands) {
    List<String> args = new java.util.ArrayList<>(List.of("-X", "-v", "ON_ERROR_STOP=1", "--yes"));
    for (String command : commands) {
      args.add("-c");
      args.add(command);
    }
    return ShellRun.on(db).args(args.toArray(String[]::new)).run();
  }

  private static String since(TestDatabase db) throws Exception {
    return db.value("select (now() - interval '25 months')::date");
  }

  @Test
  void everyAcknowledgedWriteThroughTheConversionIsInThePartitionedTable() throws Exception {
    TestDatabase db = beats("partition_convert", 20_000);
    db.execute("create table \"Tenant A\".refs (beat_id bigint references " + TABLE + " (id))");
    var refused = shell(db, "\\partition " + TABLE + " by time every month");
    assertEquals(1, refused.status(), refused.toString());
    assertTrue(refused.err().contains("foreign key from another table refs_beat_id_fkey on \"Tenant A\".refs"), refused.err());
    assertTrue(!refused.err().contains("Exception"), refused.err());
    db.execute("drop table \"Tenant A\".refs");

    var dry = shell(db, "\\partition " + TABLE + " by time every month --since " + since(db) + " --dry-run");
    assertEquals(0, dry.status(), dry.toString());
    assertTrue(dry.out().contains("PRIMARY KEY Beats \"x\"_pkey (id) becomes (id, time)"), dry.out());
    assertTrue(dry.out().contains("UNIQUE constraint"), dry.out());
    assertTrue(dry.out().contains("FOR VALUES FROM (MINVALUE)") && dry.out().contains("TO (MAXVALUE)"), dry.out());
    assertEquals("0", db.value("select count(*) from pg_class where relname like 'cutover_rebuild%'"));

    ShellRun.Result run;
    TimeWriters writers = new TimeWriters(db, TABLE, 4, 20_000);
    try (writers) {
      run = shell(db, "set timezone = 'Pacific/Chatham'", "\\partition " + TABLE + " by time every month --since "
          + since(db) + " --batch-size 2000 --lock-timeout 200ms --lock-retries 1000");
    }
    assertEquals(0, run.status(), run.toString());
    assertTrue(writers.writes() > 0 && writers.futureOrPast() > 0, "writes " + writers.writes());
    List<String> lost = writers.lost(db, "\"Tenant A\".\"Beats \"\"x\"\"_before_partitioning\"");
    assertTrue(lost.isEmpty(), lost.size() + " acknowledged writes lost, e.g. " + lost.subList(0, Math.min(5, lost.size()))
        + "\n" + run);

    // Partitioned by month in UTC, whatever the session's zone; the overflow partitions took 1970 and next year.
    assertEquals("p", db.value("select relkind from pg_class where oid = '" + TABLE.replace("'", "''") + "'::regclass"));
    assertEquals("0", db.value("select count(*) from pg_inherits i join pg_class c on c.oid = i.inhrelid"
        + " where i.inhparent = '" + TABLE + "'::regclass and pg_get_expr(c.relpartbound, c.oid) !~ 'MINVALUE|MAXVALUE'"
        + " and (pg_get_expr(c.relpartbound, c.oid) !~ 'FROM \\(''(\\d+)''\\)'"
        + "   or to_timestamp((regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''(\\d+)''\\)'))[1]::float8)"
        + "      at time zone 'UTC' <> date_trunc('month', to_timestamp((regexp_match(pg_get_expr(c.relpartbound, c.oid),"
        + "      'FROM \\(''(\\d+)''\\)'))[1]::float8) at time zone 'UTC'))"));
    assertEquals("1", db.value("select count(*) from " + TABLE.replace("\"\"\"", "\"\"_p_past\"") + " where \"time\" = 0"));
    assertTrue(Long.parseLong(db.value("select count(*) from " + TABLE.replace("\"\"\"", "\"\"_p_future\""))) > 0);
    // The key took the column; the FK, sequence, comment and grant moved; a row dated 2100 finds its partition.
    assertEquals("PRIMARY KEY (id, \"time\")", db.value("select pg_get_constraintdef(oid) from pg_constraint"
        + " where conrelid = '" + TABLE + "'::regclass and contype = 'p'"));
    assertEquals("t", db.value("select convalidated from pg_constraint where conrelid = '" + TABLE + "'::regclass"
        + " and contype = 'f'"));
    assertEquals("\"Tenant A\".\"Beats \"\"x\"\"_id_seq\"", db.value("select pg_get_serial_sequence('" + TABLE + "', 'id')"));
    assertEquals("heartbeats of tenant A|true", db.value("select obj_description('" + TABLE + "'::regclass, 'pg_class')"
        + " || '|' || has_table_privilege('beat_reader', '" + TABLE + "', 'select')"));
    db.execute("insert into " + TABLE + " (user_id, \"time\") values (1, extract(epoch from timestamp '2100-01-01'))");
    // maintain splits the future overflow as the premade periods reach it, the application inserting into it meanwhile.
    String total = db.value("select count(*) from " + TABLE);
    TimedInserts ahead = TimedInserts.start(db, "insert into " + TABLE + " (user_id, \"time\") values (2,"
        + " extract(epoch from now() + interval '400 days'))");
    var maintain = shell(db, "\\partition maintain " + TABLE + " --premake 14");
    ahead.stop();
    assertEquals(0, maintain.status(), maintain.toString());
    assertTrue(maintain.out().contains("split") && maintain.out().contains("ACCESS EXCLUSIVE"), maintain.out());
    assertEquals(String.valueOf(Long.parseLong(total) + ahead.inserted()), db.value("select count(*) from " + TABLE));
    assertEquals("1", db.value("select count(*) from " + TABLE.replace("\"\"\"", "\"\"_p_future\"")));
    var status = shell(db, "\\partition status " + TABLE);
    assertEquals(0, status.status(), status.toString());
    assertTrue(status.out().contains("_p_future"), status.out());
    var drop = shell(db, "\\partition drop-old " + TABLE + " --force");
    assertEquals(0, drop.status(), drop.toString());
    assertEquals("0", db.value("select count(*) from pg_class where relname like '%before_partitioning'"));
  }

  /**
   * A plan's table (the example heartbeats: expanded, dual-writing, FKs validated, a partial unique
   * index on fields_hash): the partial unique index takes the column and keeps its predicate; the
   * dual-write trigger and the lookups' FKs move to the partitioned table; {@code \\status} warns
   * when the headroom is short.
   */
  @Test
  void aPlansTableKeepsItsDualWriteAndForeignKeysAndStatusWarnsOfShortHeadroom() throws Exception {
    TestDatabase db = ExpandedExample.create("partition_plan", 3_000);
    var ready = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\backfill", "-c", "\\validate_fks").run();
    assertEquals(0, ready.status(), ready.toString());
    String fks = "select count(*) from pg_constraint where conrelid = 'heartbeats'::regclass and contype = 'f' and convalidated";
    String before = db.value(fks);
    String output;
    try (ShellProcess p = ShellProcess.start(db, "--yes", "-c",
        "\\partition heartbeats by time every month --premake 0 --batch-size 50 --sleep-ms 300")) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (copied(db) < 300) {
        assertTrue(System.nanoTime() < deadline && p.isAlive(), "the copy made no progress:\n" + p.output());
        Thread.sleep(20);
      }
      // While it copies, \status shows it, and a step that would change the table's shape waits for it.
      var during = ShellRun.on(db).args("-c", "\\status").run();
      assertTrue(during.out().contains("conversion to partitions by \"time\": copying"), during.toString());
      var drop = ShellRun.on(db).args("--yes", "-c", "\\drop_raw --force-writes").run();
      assertEquals(1, drop.status(), drop.toString());
      assertTrue(drop.err().contains("heartbeats is being converted to partitions"), drop.toString());
      assertEquals(0, p.waitFor(), p.output());
      output = p.output();
    }
    assertTrue(output.contains("unique index index_heartbeats_on_fields_hash_when_not_deleted (fields_hash) becomes"
        + " (fields_hash, time)"), output);
    assertEquals("CREATE UNIQUE INDEX index_heartbeats_on_fields_hash_when_not_deleted ON ONLY public.heartbeats USING btree"
        + " (fields_hash, \"time\") WHERE (deleted_at IS NULL)", db.value("select pg_get_indexdef("
        + "'index_heartbeats_on_fields_hash_when_not_deleted'::regclass)"));
    assertEquals(before, db.value(fks));
    db.execute("insert into heartbeats (user_id, time, language) values (1, extract(epoch from now() + interval '3 years'),"
        + " 'Partitioned')");
    assertEquals("Partitioned", db.value("select l.name from heartbeats h join heartbeat_languages l on l.id = h.language_id"
        + " where h.language = 'Partitioned'"));
    var status = ShellRun.on(db).args("-c", "\\status").run();
    assertTrue(status.err().contains("has partitions for 0 months ahead, under the headroom of 6"), status.toString());
  }

  /**
   * A transaction holding the table at the swap (its column named with a capital, typed quoted):
   * the swap waits at most its lock timeout per try, says what it waits for, and the
   * application's inserts never wait longer than that; once the transaction ends, the swap happens.
   */
  @Test
  void aLockHeldAtTheSwapMakesInsertsWaitNoLongerThanTheLockTimeout() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("partition_held");
    db.execute("create table events (id bigserial primary key, \"At\" timestamptz not null, body text)",
        "insert into events (\"At\", body) select now() - g * interval '1 hour', 'b' || g from generate_series(1, 3000) g");
    TimedInserts inserts = TimedInserts.start(db, "insert into events (\"At\", body) values (now(), 'app')");
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("select count(*) from events"); // a report left open: ACCESS SHARE until it ends
      }
      try (ShellProcess p = ShellProcess.start(db, "--yes", "-c",
          "\\partition events by \"At\" every week --lock-timeout 300ms --lock-retries 1000")) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!p.output().contains("swap events and its copy: lock not available")) {
          assertTrue(System.nanoTime() < deadline && p.isAlive(), "the swap did not wait:\n" + p.output());
          Thread.sleep(20);
        }
        holder.rollback();
        assertEquals(0, p.waitFor(), p.output());
        assertTrue(p.output().contains("idle in transaction"), p.output());
      }
    }
    inserts.stop();
    assertTrue(inserts.inserted() > 0);
    assertTrue(inserts.longestMs() < 300 + 2000, "an insert waited " + inserts.longestMs() + " ms behind the swap");
    assertEquals(String.valueOf(3000 + inserts.inserted()), db.value("select count(*) from events"));
    assertEquals("p", db.value("select relkind from pg_class where oid = 'events'::regclass"));
  }

  /** Killed mid-copy: \partition status says where it stopped; resume finishes it; a second one, killed, is given up cleanly. */
  @Test
  void aKilledConversionIsResumedOrGivenUp() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("partition_killed");
    db.execute("create table days (id bigint primary key, d date not null, n int)",
        "insert into days select g, current_date - (g % 100), g from generate_series(1, 30000) g",
        "create table nums (id int primary key, t bigint not null)",
        "insert into nums select g, extract(epoch from now())::bigint - g * 60 from generate_series(1, 30000) g");
    String before = db.value("select md5(string_agg(to_jsonb(t)::text, ',' order by id)) from days t");
    killMidCopy(db, "\\partition days by d every day --batch-size 200 --sleep-ms 20");
    var status = shell(db, "\\partition status days");
    assertTrue(status.out().contains("Conversion to partitions of days: copying"), status.toString());
    var other = shell(db, "\\partition nums by t every week");
    assertEquals(1, other.status(), other.toString());
    assertTrue(other.err().contains("a conversion to partitions of \"public\".\"days\" is under way"), other.err());
    var resumed = shell(db, "\\partition resume days");
    assertEquals(0, resumed.status(), resumed.toString());
    assertTrue(resumed.out().contains("Partitioned public.days by \"d\""), resumed.out());
    assertEquals(before, db.value("select md5(string_agg(to_jsonb(t)::text, ',' order by id)) from days t"));
    assertEquals("p", db.value("select relkind from pg_class where oid = 'days'::regclass"));

    killMidCopy(db, "\\partition nums by t every week --batch-size 200 --sleep-ms 20");
    var abort = shell(db, "\\partition abort nums");
    assertEquals(0, abort.status(), abort.toString());
    assertTrue(abort.out().contains("given up"), abort.out());
    assertEquals("r", db.value("select relkind from pg_class where oid = 'nums'::regclass"));
    assertEquals("0", db.value("select count(*) from pg_class where relname like 'cutover_rebuild%' or relname ~ '^nums_p(_|[0-9])'"),
        "the copy or a partition of it is left");;
    assertEquals("0", db.value("select count(*) from pg_trigger where tgrelid = 'nums'::regclass"), "a trigger is left");
    db.execute("truncate nums");
  }

  private static void killMidCopy(TestDatabase db, String command) throws Exception {
    try (ShellProcess p = ShellProcess.start(db, "--yes", "-c", command)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (copied(db) < 1000) {
        assertTrue(System.nanoTime() < deadline && p.isAlive(), "the copy made no progress:\n" + p.output());
        Thread.sleep(20);
      }
      p.kill();
    }
    // The killed shell's session ends when the server notices: until then it holds the rebuild's lock.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!db.value("select count(*) from pg_locks where locktype = 'advisory' and objsubid = 1"
        + " and ((classid::bigint << 32) | objid::bigint) = x'6375747262696c64'::bigint").equals("0")) {
      assertTrue(System.nanoTime() < deadline, "the killed shell's session still holds the rebuild's lock");
      Thread.sleep(10);
    }
  }

  /** Rows the conversion under way has copied, as its checkpoint says; 0 before it has one. */
  private static long copied(TestDatabase db) throws Exception {
    try {
      return Long.parseLong(db.value("select coalesce(max((detail->>'copied')::bigint), 0) from cutover.steps"
          + " where step = 'partition' and status = 'copying'"));
    } catch (java.sql.SQLException e) {
      return 0; // schema cutover is not made yet
    }
  }
}
