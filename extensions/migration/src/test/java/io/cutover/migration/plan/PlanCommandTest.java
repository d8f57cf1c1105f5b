package io.cutover.migration.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** \plan refuses what does not fit the database, naming the JSON path, and stores what does. */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class PlanCommandTest {

  static TestDatabase db;

  @TempDir
  Path dir;

  @BeforeAll
  static void setUp(TestDatabase database) throws Exception {
    db = database;
    db.execute("create table items (id bigint primary key, editor varchar, size int, owner_id bigint)",
        "create table taken (id bigint primary key, name text)");
  }

  private ShellRun.Result plan(String json) throws Exception {
    Path f = dir.resolve("plan.json");
    Files.writeString(f, json);
    return ShellRun.on(db).args("-c", "\\plan " + f).run();
  }

  @Test
  void aMisspeltColumnIsNamedByItsPathWithASuggestion() throws Exception {
    var r = plan("{\"table\": \"items\", \"dimensions\": [{\"column\": \"editr\", \"lookup\": \"editors\", \"fk\": \"editor_id\"}]}");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("dimensions[0].column: no column \"editr\" in items; did you mean \"editor\"?"), r.err());
  }

  @Test
  void everyProblemIsListedAtOnce() throws Exception {
    var r = plan("{\"table\": \"items\", \"tabel\": 1, \"dimensions\": [{\"column\": \"size\", \"lookup\": 7},"
        + " {\"column\": \"editor\", \"lookup\": \"taken\", \"fk\": \"editor_id\", \"scope\": \"owner_id\"}]}");
    assertEquals(1, r.status());
    for (String expected : new String[] {"tabel: unknown field; did you mean \"table\"?",
        "dimensions[0].lookup: expected a name (a string), got a number", "dimensions[0].fk: missing",
        "dimensions[1].scope: expected an array of column names"}) {
      assertTrue(r.err().contains(expected), expected + " missing from:\n" + r.err());
    }
  }

  @Test
  void typesAndExistingLookupsAreChecked() throws Exception {
    var r = plan("{\"table\": \"items\", \"dimensions\": [{\"column\": \"size\", \"lookup\": \"sizes\", \"fk\": \"size_id\"},"
        + " {\"column\": \"editor\", \"lookup\": \"taken\", \"fk\": \"editor_id\"}]}");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("dimensions[0].column: column \"size\" is integer; a dimension is a string column"), r.err());
    assertTrue(r.err().contains("dimensions[1].lookup: table \"taken\" exists but does not match"), r.err());
  }

  @Test
  void notJsonSaysWhere() throws Exception {
    var r = plan("{\"table\": \"items\",\n \"dimensions\": [}");
    assertTrue(r.err().contains("not valid JSON at line 2"), r.err());
  }

  @Test
  void aValidPlanIsStoredAndShown() throws Exception {
    var r = plan("{\"table\": \"items\", \"dimensions\": [{\"column\": \"editor\", \"lookup\": \"item_editors\","
        + " \"fk\": \"editor_id\", \"scope\": [\"owner_id\"]}]}");
    assertEquals(0, r.status(), r.toString());
    var shown = ShellRun.on(db).args("-c", "\\plan").run();
    assertTrue(shown.out().contains(" editor | item_editors | editor_id | name         | owner_id"), shown.out());
    assertTrue(shown.out().contains("from " + dir.resolve("plan.json")), shown.out());
  }

  @Test
  void missingFileIsAClearError() {
    var r = ShellRun.on(db).args("-c", "\\plan /no/such/plan.json").run();
    assertEquals("\\plan: /no/such/plan.json: No such file or directory\n", r.err());
  }
}
