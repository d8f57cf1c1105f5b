package io.cutover.migration.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two big tables normalized in one database, as teams do: each plan keeps its own migrations
 * (numbered from V1 in its own directory and history), checkpoints, steps and status, and a
 * session works on the plan it chose, never on the one another engineer loaded last.
 */
@org.junit.jupiter.api.Tag("postgres")
class SeveralPlansTest {

  private static final String EVENTS = "{\"table\": \"events\", \"key\": \"id\", \"dimensions\": ["
      + "{\"column\": \"kind\", \"lookup\": \"event_kinds\", \"fk\": \"kind_id\"}]}";

  private static String visits(String migrations) {
    return "{\"table\": \"visits\", \"key\": \"id\"," + migrations + " \"dimensions\": ["
        + "{\"column\": \"browser\", \"lookup\": \"visit_browsers\", \"fk\": \"browser_id\"},"
        + "{\"column\": \"page\", \"lookup\": \"visit_pages\", \"fk\": \"page_id\"}]}";
  }

  /** Two tables of 20,000 rows: events with one dimension, visits with two. */
  private static TestDatabase twoTables(String name) throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase(name);
    db.execute("create table events (id bigserial primary key, kind text)",
        "create table visits (id bigserial primary key, browser text, page text)",
        "insert into events (kind) select 'k' || (g % 13) from generate_series(1, 20000) g",
        "insert into visits (browser, page) select 'b' || (g % 5), '/p/' || (g % 101) from generate_series(1, 20000) g");
    return db;
  }

  /** Each table's plan in a directory of its own, loaded, expanded, then {@code steps}. */
  private static void bothPlans(TestDatabase db, Path dir, String... steps) throws Exception {
    for (String table : List.of("events", "visits")) {
      Path plan = Files.writeString(Files.createDirectories(dir.resolve(table)).resolve("plan.json"),
          table.equals("events") ? EVENTS : visits(""));
      List<String> args = new java.util.ArrayList<>(List.of("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\plan " + plan,
          "-c", "\\migrate generate", "-c", "\\migrate"));
      for (String step : steps) {
        args.addAll(List.of("-c", step));
      }
      var r = ShellRun.on(db).args(args.toArray(String[]::new)).run();
      assertEquals(0, r.status(), r.toString());
    }
  }

  @Test
  void twoPlansKeepTheirOwnMigrationsCheckpointsAndStatus(@TempDir Path dir) throws Exception {
    TestDatabase db = twoTables("several_plans");
    Path events = Files.writeString(dir.resolve("events.json"), EVENTS);
    Path visits = Files.writeString(dir.resolve("visits.json"), visits(""));

    var first = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\plan " + events, "-c", "\\migrate generate",
        "-c", "\\migrate", "-c", "\\dualwrite on", "-c", "\\backfill").run();
    assertEquals(0, first.status(), first.toString());

    // Beside the first plan's file, its migrations directory would be shared: refused before anything is stored.
    var shared = ShellRun.on(db).args("-c", "\\plan " + visits).run();
    assertEquals(1, shared.status(), shared.toString());
    assertTrue(shared.err().contains("keeps its migrations in " + dir.resolve("migrations") + " already"), shared.err());
    assertTrue(shared.err().contains("\"migrations\": \"migrations/visits\""), shared.err());
    assertEquals("1", db.value("select count(*) from cutover.plans"));

    Files.writeString(visits, visits(" \"migrations\": \"visits-migrations\","));
    var second = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\plan " + visits, "-c", "\\migrate generate",
        "-c", "\\migrate").run();
    assertEquals(0, second.status(), second.toString());
    assertTrue(Files.exists(dir.resolve("visits-migrations/V1__create_lookup_tables.sql")));
    assertEquals(List.of("\"public\".\"events\"", "\"public\".\"visits\""),
        db.column("select plan from cutover.schema_history where version = '1' and success order by plan"));

    // A new session with two plans and no choice: refused, saying how to choose; nothing runs on either table.
    var unchosen = ShellRun.on(db).args("-c", "\\backfill").run();
    assertEquals(1, unchosen.status(), unchosen.toString());
    assertTrue(unchosen.err().contains("2 plans are stored in this database (public.events, public.visits) and this"
        + " session has chosen none"), unchosen.err());
    assertTrue(unchosen.err().contains("\\plan use TABLE"), unchosen.err());

    // The first plan's finished backfill is not the second's: its rows get filled.
    var third = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\plan use visits", "-c", "\\dualwrite on",
        "-c", "\\backfill", "-c", "\\progress --exact", "-c", "\\status").run();
    assertEquals(0, third.status(), third.toString());
    assertEquals("0", db.value("select count(*) from visits where browser_id is null or page_id is null"));
    assertTrue(third.out().contains("Runbook of public.visits (this session's plan)"), third.out());
    assertTrue(third.out().contains("Runbook of public.events"), third.out());
    assertEquals(List.of("\"public\".\"visits\":clean"),
        db.column("select plan || ':' || status from cutover.steps where step = 'verify'"));

    // The application's new rows reach both tables' lookups; each plan's exact check sees only its own table.
    db.execute("insert into events (kind) values ('new kind')", "insert into visits (browser, page) values ('lynx', '/new')");
    var checks = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\plan use public.events", "-c", "\\progress --exact",
        "-c", "\\plan use \"public\".\"visits\"", "-c", "\\progress --exact").run();
    assertEquals(0, checks.status(), checks.toString());
    assertEquals(List.of("\"public\".\"events\":clean", "\"public\".\"visits\":clean"),
        db.column("select plan || ':' || status from cutover.steps where step = 'verify' order by plan"));
  }

  @Test
  void twoPlansBackfillSideBySide(@TempDir Path dir) throws Exception {
    TestDatabase db = twoTables("plans_side_by_side");
    bothPlans(db, dir, "\\dualwrite on");
    // Slow batches, so that both runs are under way at once: each holds its own plan's lock.
    try (ShellProcess a = ShellProcess.start(db, "-v", "ON_ERROR_STOP=1", "-c", "\\plan use events",
        "-c", "\\backfill --batch-size 500 --sleep-ms 20");
         ShellProcess b = ShellProcess.start(db, "-v", "ON_ERROR_STOP=1", "-c", "\\plan use visits",
             "-c", "\\backfill --batch-size 500 --sleep-ms 20")) {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (!db.value("select count(DISTINCT plan) from cutover.backfill_ranges where rows_scanned > 0").equals("2")) {
        assertTrue(System.nanoTime() < deadline, a.output() + b.output());
        assertTrue(a.isAlive() || b.isAlive(), a.output() + b.output());
        Thread.sleep(10);
      }
      assertEquals(0, a.waitFor(), a.output());
      assertEquals(0, b.waitFor(), b.output());
    }
    assertEquals("0", db.value("select count(*) from events where kind_id is null"));
    assertEquals("0", db.value("select count(*) from visits where browser_id is null or page_id is null"));
    assertEquals(List.of("\"public\".\"events\":finished", "\"public\".\"visits\":finished"),
        db.column("select plan || ':' || state from cutover.backfill_runs order by plan"));
  }

  /** A finished backfill and a clean check were of the old dimensions: a new one is filled, not taken as done. */
  @Test
  void aPlanLoadedAgainWithAnotherDimensionIsBackfilledAndCheckedAgain(@TempDir Path dir) throws Exception {
    TestDatabase db = twoTables("plan_changed");
    Path plan = Files.writeString(dir.resolve("visits.json"), "{\"table\": \"visits\", \"dimensions\": ["
        + "{\"column\": \"browser\", \"lookup\": \"visit_browsers\", \"fk\": \"browser_id\"}]}");
    var first = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\plan " + plan, "-c", "\\migrate generate",
        "-c", "\\migrate", "-c", "\\dualwrite on", "-c", "\\backfill", "-c", "\\progress --exact").run();
    assertEquals(0, first.status(), first.toString());
    Files.writeString(plan, visits(""));
    var second = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\plan " + plan, "-c", "\\status").run();
    assertEquals(0, second.status(), second.toString());
    assertTrue(second.out().contains("The plan's dimensions changed"), second.out());
    assertTrue(second.out().contains("Next: \\migrate generate, then \\migrate"), second.out());
    var third = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\migrate generate", "-c", "\\migrate",
        "-c", "\\dualwrite on", "-c", "\\status").run();
    assertEquals(0, third.status(), third.toString());
    assertTrue(third.out().contains("Next: \\backfill"), third.out());
    var fourth = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\backfill", "-c", "\\progress --exact").run();
    assertEquals(0, fourth.status(), fourth.toString());
    assertEquals("0", db.value("select count(*) from visits where browser_id is null or page_id is null"));
  }

  /** A plan whose table was dropped during its rebuild: forgotten, its rebuild given up, and another table's runs. */
  @Test
  void aPlanWhoseTableIsGoneIsForgottenAndItsRebuildNoLongerHoldsOthersBack(@TempDir Path dir) throws Exception {
    TestDatabase db = twoTables("plan_forgotten");
    bothPlans(db, dir, "\\dualwrite on", "\\backfill", "\\validate_fks");
    try (ShellProcess p = ShellProcess.start(db, "--yes", "-c", "\\plan use events",
        "-c", "\\rebuild --batch-size 100 --sleep-ms 50")) {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (!db.column("select status from cutover.steps where step = 'rebuild'").equals(List.of("copying"))) {
        assertTrue(System.nanoTime() < deadline && p.isAlive(), p.output());
        Thread.sleep(10);
      }
      p.kill();
    }
    db.execute("alter table events rename to events_archived");
    var held = ShellRun.on(db).args("--yes", "-c", "\\plan use visits", "-c", "\\rebuild").run();
    assertTrue(held.err().contains("a rebuild of \"public\".\"events\" is under way"), held.err());
    var status = ShellRun.on(db).args("-c", "\\status").run();
    assertTrue(status.out().contains("Blocked: restore it, or retire its plan: \\plan forget public.events"), status.out());
    var forgotten = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "--yes", "-c", "\\plan forget events",
        "-c", "\\plan use visits", "-c", "\\rebuild").run();
    assertEquals(0, forgotten.status(), forgotten.toString());
    assertTrue(forgotten.out().contains("whose table is gone, is given up"), forgotten.out());
    // The renamed table logs its writes no more, and the other plan's rebuild ran.
    assertEquals("0", db.value("select count(*) from pg_trigger t join pg_class c on c.oid = t.tgrelid"
        + " where c.relname = 'events_archived' and t.tgname like 'cutover_rebuild%'"));
    db.execute("insert into events_archived (kind) values ('after')");
    assertEquals(List.of("\"public\".\"visits\""), db.column("select target from cutover.plans group by target"));
    assertEquals("done", db.value("select status from cutover.steps where step = 'rebuild'"));
  }

  /** A database whose schema cutover an older release made (one plan's records, unkeyed): upgraded, nothing lost. */
  @Test
  void recordsOfAnOlderLayoutBecomeThoseOfItsPlan(@TempDir Path dir) throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("older_layout");
    db.execute("create table events (id bigserial primary key, kind text)", "create schema cutover",
        "create table cutover.plans (id bigint generated always as identity primary key, document jsonb not null,"
            + " source text, loaded_by text not null default current_user, loaded_at timestamptz not null default now())",
        "create table cutover.schema_history (installed_rank integer generated always as identity primary key,"
            + " version text not null, description text not null, kind text not null, script text not null,"
            + " checksum integer not null, installed_by text not null default current_user,"
            + " installed_on timestamptz not null default now(), execution_ms integer not null, success boolean not null,"
            + " failure text)",
        "create table cutover.backfill_ranges (range_no integer primary key, after_key text, max_key text not null,"
            + " done_after text, rows_scanned bigint not null default 0, rows_updated bigint not null default 0,"
            + " finished boolean not null default false, updated_at timestamptz not null default now())",
        "create table cutover.backfill_runs (id integer primary key check (id = 1), state text not null,"
            + " estimated_rows bigint not null, started_at timestamptz not null default now(),"
            + " started_by text not null default current_user, batches bigint not null default 0,"
            + " longest_batch_ms integer not null default 0, updated_at timestamptz not null default now())",
        "create table cutover.steps (step text primary key, status text not null, detail jsonb not null default '{}',"
            + " updated_by text not null default current_user, updated_at timestamptz not null default now())",
        "insert into cutover.plans (document, source) values ('" + visits("") + "', '" + dir.resolve("plan.json") + "')",
        "insert into cutover.plans (document, source) values ('" + EVENTS + "', '" + dir.resolve("plan.json") + "')",
        "insert into cutover.schema_history (version, description, kind, script, checksum, execution_ms, success)"
            + " values ('1', 'create lookup tables', 'schema', 'V1__create_lookup_tables.sql', 7, 3, true)",
        "insert into cutover.backfill_runs (id, state, estimated_rows) values (1, 'paused', 100)",
        "insert into cutover.backfill_ranges (range_no, max_key, rows_scanned) values (0, '100', 40)",
        "insert into cutover.steps (step, status, detail) values ('dualwrite', 'on', '{\"mode\": \"trigger\"}')");
    var status = ShellRun.on(db).args("-c", "\\backfill status").run();
    assertEquals(0, status.status(), status.toString());
    assertTrue(status.out().contains("Backfill paused: 40 of ~100 rows (40%)"), status.out());
    assertEquals(List.of("\"public\".\"events\":dualwrite:on"), db.column("select plan || ':' || step || ':' || status"
        + " from cutover.steps"));
    assertEquals("\"public\".\"events\"", db.value("select plan from cutover.schema_history"));
    // The plan loaded before it was abandoned when the earlier release switched tables: it does not come back.
    assertEquals("\"public\".\"events\"", db.value("select target from cutover.plans"));
  }

  /** A layout older still, without the backfill's tables: upgraded, the missing tables made. */
  @Test
  void aLayoutWithoutTheBackfillTablesIsUpgradedToo(@TempDir Path dir) throws Exception {
    TestDatabase db = twoTables("oldest_layout");
    db.execute("create schema cutover",
        "create table cutover.plans (id bigint generated always as identity primary key, document jsonb not null,"
            + " source text, loaded_by text not null default current_user, loaded_at timestamptz not null default now())",
        "create table cutover.steps (step text primary key, status text not null, detail jsonb not null default '{}',"
            + " updated_by text not null default current_user, updated_at timestamptz not null default now())",
        "insert into cutover.plans (document, source) values ('" + EVENTS + "', '" + dir.resolve("plan.json") + "')");
    var r = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\status", "-c", "\\plan list").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("public.events"), r.out());
  }

  @Test
  void directoriesReachedTwoWaysFlagsAndNamesAreTheOnesSqlWouldSee(@TempDir Path dir) throws Exception {
    TestDatabase db = twoTables("plans_paths");
    db.execute("create table ledger (id serial primary key, note text)");
    Path real = Files.createDirectories(dir.resolve("a/migrations"));
    Files.writeString(real.resolve("V1__seed_ledger.sql"), "INSERT INTO ledger (note) VALUES ('ran');\n");
    Path link = Files.createSymbolicLink(dir.resolve("alink"), dir.resolve("a"));
    Path events = Files.writeString(dir.resolve("a/events.json"), EVENTS);
    Path visits = Files.writeString(link.resolve("visits.json"), visits(""));
    // --dir before any plan: the shared history. The plan whose directory it is must not run the file again.
    var shared = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\migrate --dir " + real).run();
    assertEquals(0, shared.status(), shared.toString());
    var again = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\plan " + events, "-c", "\\migrate").run();
    assertEquals(1, again.status(), again.toString());
    assertTrue(again.err().contains("V1__seed_ledger.sql was applied already under no plan"), again.err());
    assertEquals("1", db.value("select count(*) from ledger"));
    // The same directory through a symlink, and one inside it: refused at \plan.
    var symlinked = ShellRun.on(db).args("-c", "\\plan " + visits).run();
    assertEquals(1, symlinked.status(), symlinked.toString());
    assertTrue(symlinked.err().contains("keeps its migrations in " + real.toRealPath() + " already"), symlinked.err());
    Files.writeString(visits, visits(" \"migrations\": \"migrations/data\","));
    var nested = ShellRun.on(db).args("-c", "\\plan " + visits).run();
    assertTrue(nested.err().contains("which holds " + real.toRealPath().resolve("data")), nested.err());
    // One Flipper flag for two tables: refused.
    Files.writeString(visits, "{\"table\": \"visits\", \"migrations\": \"../visits-migrations\","
        + " \"flags\": {\"dual_write\": \"events_dual_write\"}, \"dimensions\": ["
        + "{\"column\": \"browser\", \"lookup\": \"visit_browsers\", \"fk\": \"browser_id\"}]}");
    Files.writeString(events, EVENTS.replace("\"key\"", "\"flags\": {\"dual_write\": \"events_dual_write\"}, \"key\""));
    var flagged = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\plan " + events, "-c", "\\plan " + visits).run();
    assertEquals(1, flagged.status(), flagged.toString());
    assertTrue(flagged.err().contains("uses the Flipper flag events_dual_write already"), flagged.err());
    // Names as SQL reads them: EVENTS is events; "Events" would be another table.
    var named = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\plan use EVENTS", "-c", "\\echo :CUTOVER_PLAN").run();
    assertEquals(0, named.status(), named.toString());
    assertTrue(named.out().contains("\"public\".\"events\""), named.out());
    var quoted = ShellRun.on(db).args("-c", "\\plan use \"Events\"").run();
    assertTrue(quoted.err().contains("names no stored plan"), quoted.err());
  }
}
