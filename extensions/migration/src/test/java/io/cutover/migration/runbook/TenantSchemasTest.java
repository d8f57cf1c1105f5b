package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema per tenant: two tables of one name, each with its own plan, lookup and dual-write
 * trigger. The application's role may write the tables but has no right on the lookups or on
 * schema cutover: its inserts must still succeed, each tenant's rows getting its own lookup's ids.
 */
@org.junit.jupiter.api.Tag("postgres")
class TenantSchemasTest {

  @Test
  void tablesOfOneNameInTwoSchemasKeepTheirOwnTriggersAndTheApplicationNeedsNoRightOnTheLookups(@TempDir Path dir)
      throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("tenants");
    db.execute("do $$ begin create role tenant_app; exception when duplicate_object then null; end $$");
    for (String tenant : new String[] {"tenant1", "tenant2"}) {
      db.execute("create schema " + tenant,
          "create table " + tenant + ".hb (id bigserial primary key, language text)",
          "grant usage on schema " + tenant + " to tenant_app",
          "grant select, insert, update on " + tenant + ".hb to tenant_app",
          "grant usage on sequence " + tenant + ".hb_id_seq to tenant_app");
    }
    // Other values in another order: the same name has other ids in the two lookups.
    db.execute("insert into tenant1.hb (language) values ('Go'), ('Rust')",
        "insert into tenant2.hb (language) values ('Zig'), ('Rust'), ('Go')");
    for (String tenant : new String[] {"tenant1", "tenant2"}) {
      Files.writeString(Files.createDirectories(dir.resolve(tenant)).resolve("plan.json"), "{\"schema\": \"" + tenant
          + "\", \"table\": \"hb\", \"key\": \"id\", \"dimensions\": ["
          + "{\"column\": \"language\", \"lookup\": \"hb_languages\", \"fk\": \"language_id\"}]}");
    }
    var first = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "--yes", "-c", "\\plan " + dir.resolve("tenant1/plan.json"),
        "-c", "\\migrate generate", "-c", "\\migrate", "-c", "\\dualwrite on", "-c", "\\backfill").run();
    assertEquals(0, first.status(), first.toString());
    // A rebuild of tenant1 killed mid-copy: another table's plan would orphan its change-log trigger.
    db.execute("insert into tenant1.hb (language) select 'L' || g from generate_series(1, 3000) g");
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\validate_fks").run().status());
    try (ShellProcess p = ShellProcess.start(db, "--yes", "-c", "\\rebuild --batch-size 100 --sleep-ms 50")) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!db.column("select status from cutover.steps where step = 'rebuild'").equals(List.of("copying"))) {
        assertTrue(System.nanoTime() < deadline && p.isAlive(), p.output());
        Thread.sleep(10);
      }
      p.kill();
    }
    String plan2 = dir.resolve("tenant2/plan.json").toString();
    // tenant2's plan, migrations (numbered from V1 in its own directory) and backfill go on beside tenant1's rebuild.
    var second = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\plan " + plan2, "-c", "\\migrate generate",
        "-c", "\\migrate", "-c", "\\dualwrite on", "-c", "\\backfill").run();
    assertEquals(0, second.status(), second.toString());
    assertEquals("0", db.value("select count(*) from tenant2.hb where language_id is null"), "tenant2 was backfilled");
    // One table is rebuilt at a time: its change log is one per database.
    var refused = ShellRun.on(db).args("--yes", "-c", "\\plan use tenant2.hb", "-c", "\\validate_fks", "-c", "\\rebuild").run();
    assertEquals(1, refused.status(), refused.toString());
    assertTrue(refused.err().contains("refused: a rebuild of \"tenant1\".\"hb\" is under way"), refused.err());
    // "hb" names both plans: refused, saying how to name one.
    var ambiguous = ShellRun.on(db).args("-c", "\\plan use hb").run();
    assertTrue(ambiguous.err().contains("names several plans (tenant1.hb, tenant2.hb)"), ambiguous.err());
    var third = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\plan use tenant1.hb", "-c", "\\rebuild abort",
        "-c", "\\status").run();
    assertEquals(0, third.status(), third.toString());
    assertTrue(third.out().contains("Runbook of tenant1.hb (this session's plan)"), third.out());
    assertTrue(third.out().contains("Runbook of tenant2.hb"), third.out());
    assertEquals("0", db.value("select count(*) from pg_trigger where tgname like 'cutover_rebuild%'"));
    assertEquals(List.of("\"tenant1\".\"hb\"", "\"tenant2\".\"hb\""),
        db.column("select plan from cutover.schema_history where version = '1' and success order by plan"));
    try (Connection app = db.connect(); Statement st = app.createStatement()) {
      st.execute("set role tenant_app");
      st.execute("insert into tenant1.hb (language) values ('Zig'), ('Go'), ('Odin')");
      st.execute("insert into tenant2.hb (language) values ('Go'), ('Odin'), ('Rust')");
      st.execute("update tenant1.hb set language = 'Rust' where language = 'Go'");
    }
    for (String tenant : new String[] {"tenant1", "tenant2"}) {
      assertEquals("0", db.value("select count(*) from " + tenant + ".hb h left join " + tenant + ".hb_languages l"
          + " on l.id = h.language_id where l.name is distinct from h.language"), tenant + " has rows with another's ids");
    }
  }

  /**
   * A table whose name nearly fills PostgreSQL's 63 bytes (62, some of them in two-byte characters): the dual-write and change-log functions got
   * one cut name, the second replaced the first, and every insert was silently skipped.
   */
  @Test
  void aTableNameOfSixtyThreeBytesKeepsItsTriggerFunctionsApart(@TempDir Path dir) throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("long_name");
    String table = "heartbeats_for_the_tenant_application_archive_2026_ünïcødé";
    db.execute("create table \"" + table + "\" (id bigserial primary key, language text)",
        "insert into \"" + table + "\" (language) select 'L' || (g % 7) from generate_series(1, 500) g");
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, "{\"table\": \"" + table + "\", \"key\": \"id\", \"dimensions\": ["
        + "{\"column\": \"language\", \"lookup\": \"long_languages\", \"fk\": \"language_id\"}]}");
    var r = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "--yes", "-c", "\\plan " + plan, "-c", "\\migrate generate",
        "-c", "\\migrate", "-c", "\\dualwrite on", "-c", "\\backfill", "-c", "\\validate_fks", "-c", "\\rebuild").run();
    assertEquals(0, r.status(), r.toString());
    db.execute("insert into \"" + table + "\" (language) values ('Odin')");
    assertEquals("501", db.value("select count(*) from \"" + table + "\" where language_id is not null"));
    assertEquals("Odin", db.value("select l.name from \"" + table + "\" t join long_languages l on l.id = t.language_id"
        + " where t.language = 'Odin'"));
  }
}
