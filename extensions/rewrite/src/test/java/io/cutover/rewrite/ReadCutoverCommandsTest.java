package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.TerminalShell;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** \rewrite, \compare and \cutover as a user types them, good input and bad. */
@org.junit.jupiter.api.Tag("postgres")
class ReadCutoverCommandsTest {

  static TestDatabase db;

  @BeforeAll
  static void migrate() throws Exception {
    db = MigratedExample.create("commands", 3_000);
  }

  @Test
  void rewriteTakesAMultiLineQueryFromTheBuffer() {
    var r = MigratedExample.shell(db).stdin("select language,\n  count(*) as n\nfrom heartbeats\ngroup by language\\rewrite\n")
        .run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("GROUP BY language_id"), r.out());
    assertTrue(r.out().contains("LEFT JOIN public.heartbeat_languages AS l_language ON l_language.id = q.language_id"), r.out());
    assertTrue(r.out().contains("-- language of heartbeats: grouped, carried by language_id"), r.out());
  }

  @Test
  void rewriteKeepsQuotesAndVariablesOfTheLine() {
    var r = MigratedExample.shell(db, "-c", "\\rewrite select count(*) from heartbeats where editor = 'it''s' and user_id = 1")
        .run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("WHERE name = 'it''s'"), r.out());
  }

  @Test
  void whatCannotBeRewrittenIsLeftAsItIsWithTheReason() {
    var r = MigratedExample.shell(db,
        "-c", "\\rewrite selec language from heartbeats",
        "-c", "\\rewrite select to_timestamp(time) at time zone language from heartbeats",
        "-c", "\\rewrite select count(*) from users",
        "-c", "\\rewrite select * from heartbeats h join heartbeats g using (language)").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("selec language from heartbeats;\n-- left as it is: Calcite cannot parse it"), r.out());
    assertTrue(r.out().contains("-- left as it is: \"language\" is used inside PostgreSQL syntax Calcite cannot parse"),
        r.out());
    assertTrue(r.out().contains("-- left as it is: reads no trusted dimension column of heartbeats"), r.out());
    assertTrue(r.out().contains("-- left as it is: JOIN ... USING (language) compares a dimension; write it as ON"),
        r.out());
  }

  /** Issue 15, defect 6: a newline in a compared name is written as E'\n' and the notes stay comments, so the output pastes. */
  @Test
  void rewriteOutputPastesWithANewlineInAComparedName() {
    var r = MigratedExample.shell(db, "-q").stdin("select count(*) from heartbeats where user_id = 1\n"
        + "  and language in ('Ruby', 'two\nlines')\\rewrite\n").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("E'two\\nlines'"), r.out());
    assertTrue(r.out().lines().dropWhile(l -> !l.endsWith(";")).skip(1).allMatch(l -> l.startsWith("-- ")), r.out());
    var pasted = MigratedExample.shell(db, "-q").stdin(r.out()).run();
    assertEquals(0, pasted.status(), pasted.toString());
  }

  /** Issue 15, defect 2: escape, Unicode and dollar-quoted names are compared as PostgreSQL reads them. */
  @Test
  void escapeUnicodeAndDollarQuotedNamesAreRewrittenToTheSameRows() throws Exception {
    db.execute("update heartbeats set editor = E'Vi\\\\m' where id % 7 = 0 and user_id = 4");
    var r = MigratedExample.shell(db, "-q", "-c", "\\progress --exact").run();
    assertEquals(0, r.status(), r.toString());
    for (String query : List.of("select count(*) from heartbeats where editor = E'Vi\\\\m'",
        "select count(*) from heartbeats where editor in (U&'Vi\\005Cm', $$VS Code$$, E'Vi\\\\m')",
        "select editor, E'tab\\there' as t from heartbeats where user_id = 4 and editor <> $x$VS Code$x$ order by id")) {
      var equal = MigratedExample.rewrittenAndEqual(db, query);
      assertFalse(equal.out().contains("_UTF16"), equal.out());
    }
  }

  /** Issue 15, defect 6: --force skips the exact check, but cannot rewrite onto FK columns that do not exist yet. */
  @Test
  void rewriteForceBeforeMigrateIsRefused() throws Exception {
    TestDatabase planned = PostgresServer.get().createDatabase("force_before_migrate");
    var r = MigratedExample.shell(planned, "-q", "-c", "\\demo load 100", "-c", "\\plan examples/heartbeats/plan.json",
        "-c", "\\rewrite --force select language, count(*) from heartbeats group by language").run();
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.err().contains("--force cannot rewrite language, category,"), r.err());
    assertTrue(r.err().contains("Run \\migrate first"), r.err());
    assertFalse(r.out().contains("SELECT"), r.out());
  }

  /**
   * Issue 15, defect 3: EXTRACT loads Calcite's time units (commons-math3). Rewritten, compared,
   * and every later query of the session still rewritten.
   */
  @Test
  void extractIsRewrittenAndLaterQueriesStillAre() {
    String extract = "select extract(hour from to_timestamp(time)) as h, language, count(*) from heartbeats"
        + " where user_id = 2 group by 1, 2 order by 1, 2 nulls first";
    var r = MigratedExample.rewrittenAndEqual(db, extract);
    assertTrue(r.out().contains("EXTRACT(HOUR FROM"), r.out());
    var later = MigratedExample.shell(db, "-c", "\\rewrite " + extract,
        "-c", "\\rewrite select editor, count(*) from heartbeats group by editor").run();
    assertEquals(0, later.status(), later.toString());
    assertFalse(later.out().contains("left as it is"), later.out());
  }

  @Test
  void badArgumentsAreRefusedWithTheUsage() {
    var noQuery = MigratedExample.shell(db, "-c", "\\rewrite").run();
    assertEquals(1, noQuery.status());
    assertTrue(noQuery.err().contains("\\rewrite: no query"), noQuery.err());
    var runs = MigratedExample.shell(db, "-c", "\\compare --runs many select 1").run();
    assertTrue(runs.err().contains("--runs must be a whole number"), runs.err());
    assertTrue(runs.err().contains("Usage: \\compare"), runs.err());
    var unknown = MigratedExample.shell(db, "-c", "\\compare --fast select 1").run();
    assertTrue(unknown.err().contains("unknown option --fast"), unknown.err());
    var parameters = MigratedExample.shell(db, "-c",
        "\\compare select language, count(*) from heartbeats where user_id = $1 group by 1").run();
    assertEquals(1, parameters.status());
    assertTrue(parameters.err().contains("bind parameters"), parameters.err());
    var cutover = MigratedExample.shell(db, "-c", "\\cutover sideways").run();
    assertTrue(cutover.err().contains("expected one of on, off, show"), cutover.err());
  }

  @Test
  void compareShowsPlansSideBySide() {
    var r = MigratedExample.shell(db, "-c", "\\compare --runs 1 --explain select editor, count(*) from heartbeats"
        + " where user_id = 2 group by editor").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("original plan") && r.out().contains("rewritten plan"), r.out());
    assertTrue(r.out().contains("(1 runs each, alternating, as prepared statements; results compared as multisets)"), r.out());
    // Why a rewrite reading FKs from the table can be slower whatever its plan: where the FKs are stored.
    assertTrue(r.out().contains("Row layout of heartbeats: the FK columns are its columns 30 to 37, the strings 7 to 14."),
        r.out());
    assertTrue(r.out().contains("steps over at least 15 more columns a row"), r.out());
  }

  /** A table whose FK column is stored right after its string gets no row-layout note. */
  @Test
  void noRowLayoutNoteWhereTheFkIsStoredNextToItsString(@TempDir Path dir) throws Exception {
    TestDatabase items = PostgresServer.get().createDatabase("row_layout");
    items.execute("create table items (id bigserial primary key, kind varchar, kind_id bigint, payload jsonb)",
        "insert into items (kind, payload) select (array['a', 'b', null, ''])[1 + g % 4], '{}' from generate_series(1, 100) g");
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, "{\"table\": \"items\", \"key\": \"id\","
        + " \"dimensions\": [{\"column\": \"kind\", \"lookup\": \"item_kinds\", \"fk\": \"kind_id\"}]}");
    var r = MigratedExample.shell(items, "--yes", "-c", "\\plan " + plan, "-c", "\\migrate generate", "-c", "\\migrate",
        "-c", "\\dualwrite on", "-c", "\\backfill", "-c", "\\progress --exact",
        "-c", "\\compare --runs 1 --explain select kind, count(*) from items group by kind").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("rewritten plan") && r.out().contains("rewritten | t"), r.out());
    assertFalse(r.out().contains("Row layout"), r.out());
  }

  /** Without --runs, a fast query runs more than 5 times a side: its median is then worth comparing. */
  @Test
  void compareRunsAFastQueryUntilEachSideHasRunAQuarterSecond() {
    var r = MigratedExample.shell(db, "-c", "\\compare select editor, count(*) from heartbeats where user_id = 2"
        + " group by editor").run();
    assertEquals(0, r.status(), r.toString());
    var runs = java.util.regex.Pattern.compile("\\((\\d+) runs each").matcher(r.out());
    assertTrue(runs.find(), r.out());
    int n = Integer.parseInt(runs.group(1));
    assertTrue(n > 5 && n <= 101, r.out());
  }

  @Test
  void compareOfAFileStopsAScriptOnADifference(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("app.sql");
    Files.writeString(file, "select language, count(*) from heartbeats group by language;\n"
        + "select count(*) from users;\n");
    var fine = MigratedExample.shell(db, "-c", "\\compare --runs 1 -f " + file).run();
    assertEquals(0, fine.status(), fine.toString());
    assertTrue(fine.out().contains("no (reads no trusted dimension column of heartbeats)"), fine.out());
    // Issue 15, item 7: in a script, a line per query on stderr as it ends (none under -q), the summary alone on stdout.
    assertTrue(fine.err().contains("NOTICE:  compare app.sql: 1 of 2, line 1: equal, "), fine.err());
    assertTrue(fine.err().contains("NOTICE:  compare app.sql: 2 of 2, line 2: not rewritten"), fine.err());
    assertFalse(fine.out().contains("NOTICE"), fine.out());
    var quiet = MigratedExample.shell(db, "-q", "-c", "\\compare --runs 1 -f " + file).run();
    assertFalse(quiet.err().contains("NOTICE"), quiet.err());
    var missing = MigratedExample.shell(db, "-c", "\\compare -f " + dir.resolve("nope.sql")).run();
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("No such file or directory"), missing.err());
  }

  @Test
  void cutoverRewritesEverySelectUntilTurnedOff() throws Exception {
    String query = "select machine, count(*) from heartbeats where user_id = 5 group by machine order by 1 nulls first;";
    var plain = MigratedExample.shell(db, "-c", query.replace(";", "")).run();
    var r = MigratedExample.shell(db).stdin("\\cutover on\n" + query + "\n\\cutover show\n\\cutover off\n"
        + "\\cutover show\n").run();
    assertEquals(3, r.status(), r.toString());
    assertTrue(r.out().contains(plain.out()), "same rows as the original:\n" + plain.out() + "\n---\n" + r.out());
    assertTrue(r.out().contains("GROUP BY machine_id"), r.out());
    assertTrue(r.err().contains("\\cutover: the read cutover preview is off"), r.err());
  }

  /**
   * Issue 15, item 7: the prompt shows the preview while it is on, and a read it runs as typed says
   * why, once per query text.
   */
  @Test
  void cutoverShowsInThePromptAndSaysOnceWhyAReadRunsAsTyped(@TempDir Path home) throws Exception {
    String name = db.name();
    try (TerminalShell s = new TerminalShell(db, home, MigratedExample.REPOSITORY)) {
      int at = s.await(name + "=# ", 0);
      s.type("\\cutover on\r");
      at = s.await("(cutover) " + name + "=# ", at);
      s.type("select 6 * 7 as answer;\r");
      at = s.await("NOTICE:  run as typed: reads no trusted dimension column of heartbeats", at);
      at = s.await("(cutover) " + name + "=# ", at);
      s.type("select 6 * 7 as answer;\r");
      at = s.await("(1 row)", at);
      at = s.await("(cutover) " + name + "=# ", at);
      s.type("\\cutover off\r");
      at = s.await("queries run as typed.", at);
      // The prompt without the label (the emulated terminal may put JLine's last escape sequence
      // before it: a race of this test terminal's pump thread, see ReplTest).
      s.await(name + "=# ", at);
      assertFalse(s.screen().substring(at).contains("(cutover)"), s.screen());
      assertEquals(1, occurrences(s.screen(), "NOTICE:  run as typed"), s.screen());
    }
  }

  /**
   * A session whose CUTOVER_PLAN names no stored plan (another engineer's \plan forget, a typo)
   * under \cutover on: its reads run as typed and say why once; the preview never fails them.
   */
  @Test
  void cutoverRunsReadsAsTypedWhileTheSessionNamesNoStoredPlan() {
    String query = "select count(*) as n from heartbeats where user_id = 1 and language = 'Ruby';";
    String count = MigratedExample.shell(db, "-q", "-c", query).run().out();
    var r = MigratedExample.shell(db, "-q").stdin("\\cutover on\n\\set CUTOVER_PLAN nosuch\n" + query + "\n" + query + "\n"
        + "\\cutover show\n\\unset CUTOVER_PLAN\n" + query + "\n\\cutover show\n").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals(3, occurrences(r.out(), count), "three runs, the original's count each time:\n" + count + "\n---\n" + r.out());
    assertEquals(1, occurrences(r.err(), "NOTICE:  run as typed: CUTOVER_PLAN is \"nosuch\", which names no stored plan;"
        + " choose one with \\plan use TABLE"), r.err());
    assertTrue(r.out().contains("-- left as it is: CUTOVER_PLAN is \"nosuch\""), r.out());
    assertTrue(r.out().contains("language_id"), "rewritten again once the variable is unset:\n" + r.out());
  }

  /** The same when another plan is stored meanwhile and the session chose none. */
  @Test
  void cutoverRunsReadsAsTypedWhileSeveralPlansAreStoredAndNoneChosen(@TempDir Path dir) throws Exception {
    TestDatabase two = PostgresServer.get().createDatabase("two_plans");
    two.execute("create table a (id bigint primary key, kind varchar)", "create table b (id bigint primary key, kind varchar)",
        "insert into a values (1, 'only-a')");
    for (String table : List.of("a", "b")) {
      Files.writeString(dir.resolve(table + ".json"), "{\"table\": \"" + table + "\", \"key\": \"id\", \"migrations\": \""
          + table + "-migrations\", \"dimensions\": [{\"column\": \"kind\", \"lookup\": \"" + table + "_kinds\","
          + " \"fk\": \"kind_id\"}]}");
    }
    var r = MigratedExample.shell(two, "-q").stdin("\\plan " + dir.resolve("a.json") + "\n\\cutover on\n\\plan "
        + dir.resolve("b.json") + "\n\\unset CUTOVER_PLAN\nselect kind from a;\n").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains(" only-a"), r.out());
    assertTrue(r.err().contains("NOTICE:  run as typed: 2 plans are stored in this database and this session has chosen"
        + " none; choose one: \\plan use TABLE"), r.err());
  }

  /**
   * Issue 15, item 7: a rewrite that loses the original's index path says so, from both plans, and
   * names the index that would give it back (with --explain whatever the times).
   */
  @Test
  void compareNamesALostIndexPathAndTheIndexThatFixesIt(@TempDir Path dir) throws Exception {
    TestDatabase items = PostgresServer.get().createDatabase("lost_index");
    items.execute("create table items (id bigserial primary key, kind varchar, note text)",
        "insert into items (kind, note) select case when g % 500 = 0 then 'rare' else 'common-' || (g % 7) end, 'x'"
            + " from generate_series(1, 20000) g",
        "create index items_by_kind on items (kind)");
    MigratedExample.migrate(items, dir, "{\"table\": \"items\", \"key\": \"id\","
        + " \"dimensions\": [{\"column\": \"kind\", \"lookup\": \"item_kinds\", \"fk\": \"kind_id\"}]}");
    for (String index : items.column("select indexname from pg_indexes where tablename = 'items' and indexdef like '%kind_id%'")) {
      items.execute("drop index \"" + index + "\"");
    }
    items.execute("analyze items");
    Path file = dir.resolve("q.sql");
    Files.writeString(file, "select count(*) from items where kind = 'rare';\n");
    var r = MigratedExample.shell(items, "-q", "-c", "\\compare --runs 1 --explain -f " + file,
        "-c", "\\compare --runs 1 --explain select count(*) from items where kind = 'rare'").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("  line 1 ("), r.out());
    String cause = "lost index path: the original reads items through index items_by_kind, the rewrite by Seq Scan on items."
        + " Fix: the index's twin on the FK columns, CREATE INDEX CONCURRENTLY ON \"public\".\"items\" (\"kind_id\")";
    assertEquals(2, occurrences(r.out(), cause), r.out());
    var json = MigratedExample.shell(items, "-q", "-c", "\\pset format json", "-c", "\\compare --runs 1 --explain -f " + file)
        .run();
    assertTrue(json.out().contains("\"slower_cause\" : \"lost index path: the original reads items"), json.out());
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  /**
   * Calcite's parser loads only when a rewrite runs. (On this test class path DriverManager also
   * loads Calcite's JDBC driver class, which the fat jar does not register; scripts/bench measures
   * the fat jar's start-up.)
   */
  @Test
  void calciteIsLoadedOnlyWhenARewriteRuns() throws Exception {
    assertFalse(classesLoaded("select 1").contains("org.apache.calcite.sql."), "calcite loaded without a rewrite");
    assertTrue(classesLoaded("\\rewrite select language from heartbeats").contains("org.apache.calcite.sql."),
        "the check must see calcite when a rewrite runs");
  }

  private static String classesLoaded(String command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), "io.cutover.shell.cli.Main", "-X",
        "-c", "\\?", "-c", command, db.conninfo()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.Charset.defaultCharset());
    assertEquals(0, p.waitFor(), out.lines().filter(l -> !l.contains("class,load")).toList().toString());
    return out;
  }

  @Test
  void jsonSummaryHasTheFieldsScriptsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("q.sql");
    Files.writeString(file, "select editor, count(*) from heartbeats where user_id = 1 group by editor;\n"
        + "select 1;\n");
    var r = MigratedExample.shell(db, "-q", "-c", "\\pset format json", "-c", "\\compare --runs 1 -f " + file).run();
    assertEquals(0, r.status(), r.toString());
    String json = r.out();
    for (String field : List.of("\"query\"", "\"rewritten\" : true", "\"reason\" : null", "\"rewritten_sql\"",
        "\"equal\" : true", "\"original_ms\"", "\"rewritten_ms\"", "\"rewritten\" : false", "\"equal\" : null")) {
      assertTrue(json.contains(field), field + " in\n" + json);
    }
  }
}
