package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, defect 1: a Prisma/EF-style schema (mixed-case names) and a plan whose names hold
 * quotes, semicolons, spaces and non-ASCII letters. Every name the rewrite writes is quoted as
 * PostgreSQL reads it, so the rewrite returns the original's rows, and a name written as SQL
 * (one FK is named to create a table if it were pasted) never runs as SQL.
 */
@org.junit.jupiter.api.Tag("postgres")
class HostileNamesTest {

  /** Legal as a quoted name (under 64 bytes); pasted unquoted it would end the query and create {@code pwned}. */
  static final String INJECTING_FK = "x)q;CREATE TABLE pwned();--";

  static TestDatabase db;

  @BeforeAll
  static void migrate(@TempDir Path dir) throws Exception {
    db = PostgresServer.get().createDatabase("hostile_names");
    db.execute("create table \"Heartbeat\" (\"id\" bigserial primary key, \"userId\" int not null,"
            + " \"languageName\" text, \"Editor;Name\" text, \"Sprache ü 名前\" text, \"Project\" text,"
            + " \"cutover$1\" text, \"Ärger\" text default 'viel')",
        "insert into \"Heartbeat\" (\"userId\", \"languageName\", \"Editor;Name\", \"Sprache ü 名前\", \"Project\")"
            + " select 1 + g % 5, (array['Ruby', 'Go', null, 'it''s', 'Vi\\m'])[1 + g % 5],"
            + " (array['vim', 'Emacs \"x\"', 'a;b'])[1 + g % 3], (array['Deutsch', '日本語', null])[1 + g % 3],"
            + " (array['P1', 'p1', 'Über'])[1 + g % 3] from generate_series(1, 300) g");
    MigratedExample.migrate(db, dir, """
        {"table": "Heartbeat", "key": "id", "dimensions": [
          {"column": "languageName", "lookup": "LanguageLookup", "fk": "languageId"},
          {"column": "Editor;Name", "lookup": "editor \\"lookup\\"; drop", "fk": "%s"},
          {"column": "Sprache ü 名前", "lookup": "Sprachen ü", "fk": "Sprache ü id", "value_column": "Wert \\"w\\""},
          {"column": "Project", "lookup": "Project Lookup", "fk": "projectId", "scope": ["userId"]}
        ]}
        """.replace("%s", INJECTING_FK));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "select \"languageName\", count(*) from \"Heartbeat\" group by \"languageName\" order by 1 nulls first",
      "select count(*) from \"Heartbeat\" where \"languageName\" = 'Ruby'",
      "select \"Editor;Name\", count(*) as \"Count \"\"n\"\"\" from \"Heartbeat\" group by 1 order by 1",
      "select count(*) from \"Heartbeat\" where \"Editor;Name\" in ('a;b', 'Emacs \"x\"')",
      "select \"Sprache ü 名前\" as s, \"languageName\" from \"Heartbeat\" where \"userId\" = 2 order by \"id\"",
      "select \"Project\", count(*) from \"Heartbeat\" where \"userId\" = 3 group by \"Project\" order by 1",
      "select distinct \"Project\", \"userId\" from \"Heartbeat\" where \"userId\" in (1, 2)",
      "select h.\"Editor;Name\", h.\"languageName\" from \"Heartbeat\" h where h.\"languageName\" like 'R%' order by h.\"id\"",
      // PostgreSQL folds only ASCII letters: unquoted, this is the column "Ärger".
      "select Ärger, \"languageName\" from \"Heartbeat\" where \"languageName\" = 'Go' order by \"id\""
  })
  void rewriteOfMixedCaseAndHostileNamesReturnsTheOriginalsRows(String query) throws Exception {
    var r = MigratedExample.rewrittenAndEqual(db, query);
    assertEquals("", db.value("select coalesce(to_regclass('pwned')::text, '')"), r.out());
  }

  @Test
  void rewriteQuotesEveryNameFromTheCatalogsSpelling() {
    String out = MigratedExample.rewrite(db, "select \"languageName\", \"Editor;Name\", count(*) from \"Heartbeat\""
        + " group by 1, 2");
    for (String name : List.of("\"languageId\"", "\"LanguageLookup\"", "\"x)q;CREATE TABLE pwned();--\"",
        "\"editor \"\"lookup\"\"; drop\"")) {
      assertTrue(out.contains(name), name + " in\n" + out);
    }
  }

  @Test
  void cutoverRunsTheRewriteAndNoOtherStatement() throws Exception {
    String query = "select \"Editor;Name\", count(*) from \"Heartbeat\" group by 1 order by 1;";
    var plain = MigratedExample.shell(db, "-c", query.replace(";", "")).run();
    var r = MigratedExample.shell(db).stdin("\\cutover on\n" + query + "\n").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains(plain.out()), plain.out() + "\n---\n" + r.out());
    assertEquals("", db.value("select coalesce(to_regclass('pwned')::text, '')"));
  }

  /** A name of the query's own spelled like the rewrite's placeholders is never replaced by a fragment. */
  @Test
  void aColumnNamedLikeAPlaceholderLeavesTheQueryAsItIs() {
    String out = MigratedExample.rewrite(db, "select \"cutover$1\", \"languageName\", to_timestamp(1) at time zone 'UTC'"
        + " from \"Heartbeat\"");
    assertTrue(out.contains("-- left as it is: it uses a name starting with cutover$"), out);
  }
}
