package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: shapes an attacker found to give other rows, another result shape or a crash under
 * the read cutover. Each is either rewritten to the same rows or left as typed, with its reason.
 */
@org.junit.jupiter.api.Tag("postgres")
class AttackedShapesTest {

  static TestDatabase db;

  @BeforeAll
  static void migrate() throws Exception {
    db = MigratedExample.create("attacked", 5_000);
  }

  /** \compare on each query: equal where rewritten (a difference exits 3), else not rewritten. */
  private static String equalOrLeft(String... queries) {
    StringBuilder out = new StringBuilder();
    for (String query : queries) {
      var r = MigratedExample.shell(db, "-c", "\\compare " + query).run();
      assertEquals(0, r.status(), query + "\n" + r);
      assertFalse(r.out().contains("rewritten | f"), query + "\n" + r.out());
      assertTrue(r.out().contains("rewritten | t") || r.out().contains("Not rewritten ("), query + "\n" + r);
      out.append(r.out()).append(r.err());
    }
    return out.toString();
  }

  @Test
  void anOrdinalOrAliasInsideASubqueryOrdersByTheName() {
    for (String query : new String[] {
        "select l from (select language l from heartbeats where user_id = 3 group by language order by l desc limit 3) x"
            + " order by 1",
        "select l from (select distinct language l from heartbeats where user_id = 3 order by l limit 4) x order by 1",
        "select count(*) from heartbeats where language in (select distinct language from heartbeats where user_id = 3"
            + " order by 1 limit 3)",
        "select p from (select project p from heartbeats where user_id = 3 group by project order by 1 desc limit 2) x"
            + " order by 1",
        "with top as (select language l from heartbeats where user_id = 3 group by language order by l limit 3)"
            + " select l from top order by 1",
        "select u.id, (select language from heartbeats h where h.user_id = u.id group by language"
            + " having count(*) > 1 order by 1 limit 1) as first from users u where u.id < 6 order by 1",
        "select string_agg(l, ',') from (select distinct language l from heartbeats where user_id = 3 order by l) x",
        "select l from (select l from (select language l from heartbeats where user_id = 3 group by language"
            + " order by l desc limit 3) a) b order by 1",
        "(select language l from heartbeats where user_id = 3 group by language order by l limit 2) union all"
            + " (select editor from heartbeats where user_id = 3 group by editor order by 1 limit 2) order by 1",
        "select x.l, y.n from users u, lateral (select language l from heartbeats h where h.user_id = u.id"
            + " group by language order by l limit 1) x, lateral (select count(*) n from heartbeats) y where u.id < 5 order by 1",
    }) {
      MigratedExample.rewrittenAndEqual(db, query);
    }
  }

  @Test
  void aDerivedTableReadAsAWholeRowIsLeftAsTyped() {
    String out = equalOrLeft(
        "select row_to_json(x) from (select language, editor from heartbeats where user_id = 3 group by 1, 2"
            + " order by 1, 2 limit 2) x",
        "select to_jsonb(x) from (select language, editor from heartbeats where user_id = 3 group by 1, 2) x",
        "select x from (select language from heartbeats where user_id = 3 group by 1) x",
        "select cast(x as text) from (select language from heartbeats where user_id = 3 group by 1) x",
        "select format('%s', x) from (select language from heartbeats where user_id = 3 group by 1) x",
        "select json_agg(t) from (select language, count(*) from heartbeats where user_id = 3 group by 1) t",
        "select count(distinct c) from (select project from heartbeats group by user_id, project) c",
        "with a as (select project from heartbeats where user_id = 3 group by 1),"
            + " b as (select project from heartbeats where user_id = 4 group by 1) select count(*) from a, b where a = b",
        "select (select row_to_json(x)) from (select language from heartbeats where user_id = 3 group by 1) x");
    assertTrue(out.contains("as a whole row"), out);
  }

  @Test
  void aQueryReadingTheForeignKeyItselfGetsIds() {
    equalOrLeft(
        "select language_id, count(*) from heartbeats where user_id = 3 and language = 'Ruby' group by language_id",
        "select distinct language, language_id from heartbeats where user_id = 3",
        "select language, language_id, count(*) from heartbeats group by language, language_id",
        "select * from (select language, language_id from heartbeats where user_id = 3 group by 1, 2) x");
  }

  @Test
  void aProtectedFragmentNextToAGroupedDimensionIsKept() {
    MigratedExample.rewrittenAndEqual(db, "select raw_data->>'type' as kind, language, count(*) from heartbeats"
        + " where user_id = 2 group by 1, 2 order by 1, 2 limit 3");
    MigratedExample.rewrittenAndEqual(db, "select to_timestamp(time) at time zone 'UTC' as t, language from heartbeats"
        + " where user_id = 2 group by 1, 2 order by 1, 2 limit 3");
    equalOrLeft("select raw_data->>'type', language, count(*) from heartbeats where user_id = 2 group by 1, 2",
        "select to_timestamp(time) at time zone 'UTC', language from heartbeats where user_id = 2 group by 1, 2");
  }

  @Test
  void aFragmentReadingAnAliasOfIdsIsLeftAsTyped() {
    String out = equalOrLeft("select jsonb_build_object('Ruby', 1, 'Go', 2) ->> l as v, count(*) from"
        + " (select language l from heartbeats where user_id = 3) x group by 1 order by 1");
    assertTrue(out.contains("it now holds ids"), out);
  }

  @Test
  void operatorsKeepPostgresPrecedence() {
    for (String e : new String[] {"(2 * 3) ^ 2", "(id % 7) ^ 2", "-2 ^ 2", "(-2) ^ 2", "2 ^ 3 ^ 2", "(2 ^ 3) ^ 2",
        "2 ^ (3 ^ 2)", "(1 + 2) * 3", "(id % 5) * 2", "id % (5 * 2)", "((id + 1) & 6) + 1", "(id & 6) * 2",
        "id & (6 + 1)", "- (id ^ 2)", "(id::float ^ 2)::bigint % 7", "2 * 3 ^ 2", "(2) * 3 ^ 2", "((2 * 3)) ^ 2"}) {
      MigratedExample.rewrittenAndEqual(db, "select language, sum(" + e + ") from heartbeats where user_id < 4"
          + " group by language");
    }
    // Calcite parses none of these: left as typed.
    for (String e : new String[] {"((id + 1) & 6) | 1", "id # 5 # 3", "(id << 2) >> 1", "@ (id - 9000)"}) {
      equalOrLeft("select language, sum(" + e + ") from heartbeats where user_id < 4 group by language");
    }
    MigratedExample.rewrittenAndEqual(db, "select language, ('a' || 'b') || max(editor) from heartbeats group by 1");
  }

  @Test
  void newNumberLiteralsStayNumbers() {
    MigratedExample.rewrittenAndEqual(db, "select language, count(*) + 1_000 + 0x1F + 0o17 + 0b101 + 1_000.5"
        + " from heartbeats where id > 0x0 group by language");
  }

  @Test
  void aScalarSubqueryKeepsTheColumnNamePostgresGivesIt() {
    var r = MigratedExample.rewrittenAndEqual(db, "select u.id, (select language from heartbeats h"
        + " where h.user_id = u.id group by language order by count(*) desc, language limit 1) from users u"
        + " where u.id < 4 order by 1");
    assertFalse(r.out().contains("?column?"), r.out());
    assertTrue(r.out().contains("language"), r.out());
  }

  /** Shapes next to the ones above that nobody reported. */
  @Test
  void neighboursOfTheAttackedShapes() {
    String out = equalOrLeft(
        "select l, row_number() over (order by l desc) from (select language l from heartbeats where user_id = 3"
            + " group by language) x order by 1",
        "select l, g from (select language l from heartbeats where user_id = 3 group by 1 order by 1 limit 2) x,"
            + " generate_series(1, 2) g order by 1, 2",
        "select array(select language from heartbeats where user_id = 3 group by 1 order by 1 limit 3)",
        "select l from (select distinct on (user_id) user_id, language l from heartbeats where user_id < 6"
            + " order by user_id, 2) x order by 1",
        "select count(*) from users u where exists (select 1 from heartbeats h where h.user_id = u.id"
            + " and h.language in (select language from heartbeats group by 1 order by 1 limit 2))",
        "select language_id from (select language, language_id from heartbeats where user_id = 3 group by 1, 2) x"
            + " order by 1",
        "select y.j from (select language from heartbeats where user_id = 3 group by 1) x,"
            + " lateral (select row_to_json(x) as j) y",
        "select x.language from (select language from heartbeats where user_id = 3 group by 1) x order by x",
        "select language from (select * from (select language from heartbeats where user_id = 3 group by 1) a"
            + " order by 1 limit 2) b order by 1");
    assertFalse(out.contains("?column?"), out);
    var named = MigratedExample.rewrittenAndEqual(db, "select (select language from heartbeats where user_id = 3"
        + " union select editor from heartbeats where user_id = 3 order by 1 limit 1)");
    assertFalse(named.out().contains("?column?"), named.out());
  }

  /**
   * 2000 NOTs overflow the rewrite's walk (and the server's stack too, so that query's error is the
   * server's); 5000 terms overflow Calcite's parser, which says so in its own words.
   */
  @Test
  void aQueryNestedTooDeeplyIsLeftAsTypedAndTheSessionGoesOn(@TempDir Path dir) throws Exception {
    String nots = "select count(*) from heartbeats where " + "not ".repeat(2000) + "language = 'Ruby'";
    String sum = "select count(*) from heartbeats where language = 'Ruby' and id > 1" + " + 1".repeat(5000);
    Path file = Files.writeString(dir.resolve("deep.sql"), nots + ";\n" + sum + ";\n");
    var r = MigratedExample.shell(db, "-v", "ON_ERROR_STOP=0", "-c", "\\rewrite " + nots, "-c", "\\compare " + nots,
        "-c", "\\compare -f " + file, "-c", "\\cutover on", "-c", nots, "-c", sum, "-c", "select 'still here'").run();
    assertTrue(r.out().contains("left as it is: the query is nested too deeply to rewrite"), r.toString());
    assertTrue(r.out().contains("Not rewritten (the query is nested too deeply to rewrite)"), r.toString());
    assertTrue(r.err().contains("run as typed: the query is nested too deeply to rewrite"), r.toString());
    assertFalse(r.toString().contains("Exception"), r.toString());
    assertTrue(r.out().contains("still here"), r.toString());
  }
}
