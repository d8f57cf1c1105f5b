package io.cutover.migration.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expand step generated from real plans applies cleanly, online, and is what the repository shows. */
@org.junit.jupiter.api.Tag("postgres")
class ExpandExamplesTest {

  static final Path EXAMPLE = Path.of("../../examples/heartbeats").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void heartbeatsPlanExpandsOneHundredThousandRows() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("heartbeats");
    Files.copy(EXAMPLE.resolve("plan.json"), dir.resolve("plan.json"));
    var load = ShellRun.on(db).args("-c", "\\demo load 100000 --seed 7", "-c", "\\plan " + dir.resolve("plan.json"),
        "-c", "\\migrate generate").run();
    assertEquals(0, load.status(), load.toString());
    assertEquals("100000", db.value("select count(*) from heartbeats"));
    for (Path committed : sqlFiles(EXAMPLE.resolve("migrations"))) {
      Path generated = dir.resolve("migrations").resolve(committed.getFileName());
      assertTrue(Files.exists(generated), "not generated: " + committed.getFileName());
      assertEquals(Files.readString(committed), Files.readString(generated),
          committed.getFileName() + " differs from what \\migrate generate writes now");
    }
    var migrate = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\migrate").run();
    assertEquals(0, migrate.status(), migrate.toString());
    assertEquals("8", db.value("select count(*) from pg_constraint where conrelid = 'heartbeats'::regclass"
        + " and contype = 'f' and not convalidated"));
    assertEquals("0", db.value("select count(*) from pg_index where indrelid = 'heartbeats'::regclass and not indisvalid"));
    assertEquals("4", db.value("select count(*) from pg_indexes where tablename = 'heartbeats' and indexname in"
        + " ('idx_heartbeats_user_project_id_time', 'idx_heartbeats_user_time_language_id',"
        + " 'index_heartbeats_on_category_id_and_time', 'index_heartbeats_on_project_id_and_time')"));
    var again = ShellRun.on(db).args("-c", "\\migrate generate", "-c", "\\migrate").run();
    assertTrue(again.out().contains("up to date"), again.toString());
    assertTrue(again.out().contains("Nothing to migrate"), again.toString());
  }

  @Test
  void anotherPlanWithAUuidKeyMixedCaseAndHostileNamesWorks() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("orders");
    db.execute("create table \"Tenants\" (\"TenantId\" uuid primary key)",
        "create table \"Orders\" (\"OrderId\" uuid primary key default gen_random_uuid(), \"TenantId\" uuid not null,"
            + " \"Status\" text, \"Ship Region\" varchar(40) collate \"C\", note text)",
        "insert into \"Orders\" (\"TenantId\", \"Status\", \"Ship Region\") select gen_random_uuid(), 'open', 'EU'"
            + " from generate_series(1, 100)");
    String hostile = "x\\\"; DROP TABLE \\\"Tenants\\\"; --";
    Files.writeString(dir.resolve("orders.json"), "{\"table\": \"Orders\", \"key\": \"OrderId\", \"dimensions\": ["
        + "{\"column\": \"Status\", \"lookup\": \"Order Statuses\", \"fk\": \"StatusId\"},"
        + "{\"column\": \"Ship Region\", \"lookup\": \"" + hostile + "\", \"fk\": \"Region Id\", \"scope\": [\"TenantId\"],"
        + " \"value_column\": \"Value\"}]}");
    var r = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\plan " + dir.resolve("orders.json"),
        "-c", "\\migrate generate", "-c", "\\migrate").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("1", db.value("select count(*) from pg_class where relname = 'Tenants'"));
    assertEquals("x\"; DROP TABLE \"Tenants\"; --", db.value("select relname from pg_class where relname like 'x%' and relkind = 'r'"));
    assertEquals("C", db.value("select collation_name from information_schema.columns where column_name = 'Value'"));
    assertEquals("2", db.value("select count(*) from pg_constraint where conrelid = '\"Orders\"'::regclass and contype = 'f'"));
  }

  private static List<Path> sqlFiles(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
  }
}
