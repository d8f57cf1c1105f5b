package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** examples/heartbeats/queries.sql on the migrated example: every query rewritten, every result equal. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Tag("postgres")
class QueriesFileTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  static TestDatabase db;
  static JsonNode results;

  @BeforeAll
  static void migrate() throws Exception {
    db = MigratedExample.create("queries", 20_000);
    var r = MigratedExample.shell(db, "-q", "-c", "\\pset format json",
        "-c", "\\compare --runs 1 -f examples/heartbeats/queries.sql").run();
    assertEquals(0, r.status(), r.toString());
    results = JSON.readTree(r.out().substring(r.out().indexOf('[')));
  }

  @Test
  @Order(1)
  void everyQueryIsRewrittenAndReturnsTheSameRows() {
    // 37 of Hackatime's shapes and 12 of a WakaTime-compatible server's (issue 15).
    assertTrue(results.size() >= 49, "queries.sql holds at least 49 queries: " + results.size());
    for (JsonNode q : results) {
      assertTrue(q.get("rewritten").asBoolean(), q.toString());
      assertTrue(q.get("reason").isNull(), q.toString());
      assertTrue(q.get("equal").isBoolean() && q.get("equal").asBoolean(), q.toString());
      assertTrue(q.get("original_ms").isNumber() && q.get("rewritten_ms").isNumber(), q.toString());
      assertFalse(q.get("rewritten_sql").asText().contains("FETCH NEXT"), q.toString());
      assertFalse(q.get("rewritten_sql").asText().contains("EXPR$"), q.toString());
    }
  }

  /** Random aliases, quoting, keyword case and parentheses must not change what is rewritten. */
  @Test
  @Order(2)
  void variationsOfTheQueriesStillRewriteAndStayEqual(@TempDir Path dir) throws Exception {
    Random random = new Random(20261121);
    List<String> variants = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (JsonNode q : results) {
        variants.add(QueryVariations.vary(q.get("query").asText(), random));
      }
    }
    assertTrue(variants.stream().filter(v -> v.contains(" AS hb")).count() >= 5, "some variants alias heartbeats");
    assertTrue(variants.stream().filter(v -> v.contains("\"language\"") || v.contains("\"editor\"")).count() >= 5,
        "some variants quote names");
    Path file = dir.resolve("variants.sql");
    Files.writeString(file, String.join(";\n\n", variants) + ";\n");
    var r = MigratedExample.shell(db, "-q", "-c", "\\pset format json", "-c", "\\compare --runs 1 -f " + file).run();
    assertEquals(0, r.status(), r.toString());
    JsonNode rows = JSON.readTree(r.out().substring(r.out().indexOf('[')));
    assertEquals(variants.size(), rows.size());
    for (JsonNode q : rows) {
      assertTrue(q.get("rewritten").asBoolean() && q.get("equal").asBoolean(), q.toString());
    }
  }

  /** The proof that the rewritten queries read no dimension string: they run with the strings gone. */
  @Test
  @Order(3)
  void rewrittenQueriesRunWithTheStringColumnsDropped() throws Exception {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("ALTER TABLE heartbeats DROP COLUMN language CASCADE, DROP COLUMN category CASCADE,"
          + " DROP COLUMN editor CASCADE, DROP COLUMN operating_system CASCADE, DROP COLUMN user_agent CASCADE,"
          + " DROP COLUMN project CASCADE, DROP COLUMN branch CASCADE, DROP COLUMN machine CASCADE");
      for (JsonNode q : results) {
        st.executeQuery(q.get("rewritten_sql").asText()).close();
      }
    }
  }
}
