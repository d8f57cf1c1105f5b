package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each way calcite-notes.md measured a rewrite to go wrong on a real database: the rewrite either
 * stays equal or refuses. Equality is checked by \compare itself (exit 3 on a difference).
 */
@org.junit.jupiter.api.Tag("postgres")
class ValueSemanticsTest {

  static TestDatabase db;

  @BeforeAll
  static void migrate() throws Exception {
    db = MigratedExample.create("semantics", 5_000);
  }

  @Test
  void emptyStringsAndNullsStayTwoGroups() throws Exception {
    assertEquals("t", db.value("select count(*) filter (where editor = '') > 0 and count(*) filter (where editor is null) > 0"
        + " from heartbeats"));
    MigratedExample.rewrittenAndEqual(db, "select editor, count(*) from heartbeats group by editor");
  }

  @Test
  void caseVariantsStayTwoGroups() throws Exception {
    db.execute("insert into heartbeats (user_id, time, language) values (3, 1767300000, 'Ruby'), (3, 1767300001, 'ruby')");
    var r = MigratedExample.shell(db, "-c", "\\compare select language, count(*) from heartbeats where user_id = 3"
        + " and lower(language) = 'ruby' group by language order by 1").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("rewritten | t     |    2"), r.out());
  }

  @Test
  void aPerUserDimensionAcrossUsersIsGroupedByItsName() {
    var across = MigratedExample.rewrittenAndEqual(db, "select project, count(*) from heartbeats group by project");
    assertTrue(across.out().contains("GROUP BY l_project.name"), across.out());
    assertTrue(across.out().contains("user_id is neither grouped with it nor fixed"), across.out());
    // Rows are grouped by (project_id, user_id) first; only those groups are named.
    assertTrue(across.out().contains("GROUP BY project_id, user_id"), across.out());
    var oneUser = MigratedExample.shell(db, "-c",
        "\\rewrite select project, count(*) from heartbeats where user_id = 4 group by project").run();
    assertTrue(oneUser.out().contains("GROUP BY project_id"), oneUser.out());
  }

  @Test
  void groupsOfAPerUserDimensionAcrossUsersAreCountedFromItsPerUserGroups() {
    String[] queries = {
        "select project, count(distinct user_id) as users, count(*) from heartbeats group by project"
            + " order by users desc, project limit 15",
        "select h.branch, count(*) as n from heartbeats h where h.time > 1767250000 group by h.branch order by 2 desc, 1",
        "select lower(machine) as m, count(distinct language) from heartbeats group by machine order by 1, 2",
    };
    for (String query : queries) {
      var r = MigratedExample.rewrittenAndEqual(db, query);
      assertTrue(r.out().contains("first, so only those groups are named"), r.out());
    }
    // Any other aggregate reads every row's name, as before.
    var sum = MigratedExample.shell(db, "-c", "\\rewrite select project, sum(lines) from heartbeats group by project").run();
    assertFalse(sum.out().contains("only those groups are named"), sum.out());
  }

  /** Issue 15: ORDER BY an ordinal of a dimension a DISTINCT made ids sorted the rows by id, not by name. */
  @Test
  void anOrdinalOverARewrittenDimensionSortsByItsName() {
    for (String query : new String[] {
        "select distinct project, user_id from heartbeats order by 1, 2",
        "select distinct language from heartbeats order by 1 desc limit 3",
        "select distinct h.editor, h.user_id from heartbeats h where h.user_id < 9 order by h.editor nulls first, 2"
            + " offset 2 limit 4",
    }) {
      var r = MigratedExample.rewrittenAndEqual(db, query);
      assertTrue(r.out().contains("rewritten | t     |"), r.out());
    }
  }

  @Test
  void notOverAnAbsentValueKeepsItsNullRowsOut() {
    for (String query : new String[] {
        "select count(*) from heartbeats where not (language = 'Cobol')",
        "select count(*) from heartbeats where not (language = 'Cobol') or project = 'nothing'",
        "select count(case when not language = 'Cobol' then 1 end) from heartbeats",
        "select count(*) from heartbeats where language is distinct from 'Cobol'",
        "select count(*) from heartbeats where language not in ('Cobol', 'Fortran')",
        "select count(*) from heartbeats where language <> 'Cobol'",
        "select count(*) from heartbeats where 'Ruby' <> language and editor not in ('')",
        "select count(*) from heartbeats where language not in ('Ruby', null)",
        "select language = 'Cobol' as is_cobol, count(*) from heartbeats group by 1",
        "select count(*) from heartbeats where not (language = any (array['Cobol', 'Ruby']))",
        "select language, count(*) from heartbeats group by language having not (language = 'Cobol')"}) {
      MigratedExample.rewrittenAndEqual(db, query);
    }
  }

  /**
   * A name with no lookup row, under NOT or in CASE, is tested on ids looked up when the query runs,
   * NULL for a NULL FK as for a NULL string; a row named so later is found by the cached rewrite.
   */
  @Test
  void anAbsentNameUnderNotIsLookedUpWhenTheQueryRuns() {
    String query = "select language, count(*) from heartbeats where user_id <= 3"
        + " and not (language = 'Ada 2030' or editor = 'Zed') group by language";
    String counted = "select count(case when language in ('Ada 2030', 'Cobol') then 1 end) as n,"
        + " count(*) filter (where language is not distinct from 'Ada 2030') as m from heartbeats";
    var r = MigratedExample.shell(db, "-v", "ON_ERROR_STOP=1", "-c", "\\rewrite " + query,
        "-c", "\\compare " + query, "-c", "\\compare " + counted,
        "-c", "insert into heartbeats (user_id, time, language, editor) values (2, 1767300003, 'Ada 2030', 'Vim')",
        "-c", "\\compare " + query, "-c", "\\compare " + counted,
        "-c", "select 'named later: ' || count(*) from heartbeats where language = 'Ada 2030'").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("NOT (CASE WHEN language_id IS NOT NULL THEN language_id IN (SELECT id"), r.out());
    assertTrue(r.out().contains("language: 'Ada 2030' not in heartbeat_languages yet"), r.out());
    assertFalse(r.out().contains("name read from heartbeat_languages"), r.out());
    assertEquals(4, r.out().split("rewritten \\| t", -1).length - 1, r.out());
    assertTrue(r.out().contains("named later: 1"), r.out());
  }

  /**
   * A filter answered on the lookup, ANDed into a WHERE, stays a test of each row: as a join the
   * planner could read the big table through the FK's index, every row of the matched values.
   * Under OR PostgreSQL keeps {@code IN (SELECT ...)} a test of each row by itself.
   */
  @Test
  void aLookupFilterInAWhereStaysATestOfEachRow() {
    String query = "select language, count(*) from heartbeats where user_id < 40 and language like 'R%'"
        + " and editor in ('Zed', 'Kakoune') group by language";
    var r = MigratedExample.rewrittenAndEqual(db, query);
    assertTrue(r.out().contains("WHERE user_id < 40 AND CASE WHEN language_id IS NOT NULL THEN language_id IN (SELECT id"),
        r.out());
    assertTrue(r.out().contains("END AND CASE WHEN editor_id IS NOT NULL THEN editor_id IN (SELECT id"), r.out());
    var or = MigratedExample.rewrittenAndEqual(db,
        "select count(*) from heartbeats where user_id = 3 and (language like 'R%' or editor like 'V%')");
    assertTrue(or.out().contains("AND (language_id IN (SELECT id"), or.out());
  }

  /**
   * A test computing from a dimension the query groups by and shows is made on each group's name,
   * after grouping: the '' group (length 0) stays and the NULL group goes, as in the original.
   * Where a window, or a grouping by an expression, sees the rows between the grouping and the
   * names, or the names are not shown, it stays a test of each row: moved, the window's total
   * would count the groups the test drops.
   */
  @Test
  void aFunctionOfAGroupedDimensionIsTestedOncePerNamedGroup() {
    String[] perGroup = {
        "select user_agent, count(*) from heartbeats where user_id = 18 and length(user_agent) > 10"
            + " group by user_agent order by 2 desc, 1",
        "select editor, count(*) as n from heartbeats where length(editor) < 4 and user_id < 30 group by 1"
            + " having count(*) > 1 order by n, editor",
        "select user_id, project, count(*) from heartbeats where user_id < 30 and length(project) > 6"
            + " group by user_id, project order by 1, 2"};
    for (String query : perGroup) {
      var r = MigratedExample.rewrittenAndEqual(db, query);
      assertTrue(r.out().contains("WHERE CASE WHEN q."), r.out());
      assertTrue(r.out().contains("tested once per group, on its name"), r.out());
    }
    var both = MigratedExample.rewrittenAndEqual(db, "select language, editor, count(*) from heartbeats"
        + " where user_id = 7 and lower(editor) like 'v%' and language like 'R%' and length(language) < 5"
        + " group by 1, 2 order by 3 desc, 1, 2");
    assertTrue(both.out().contains("language_id IN (SELECT id"), both.out());
    assertTrue(both.out().contains("WHERE CASE WHEN q.language_id IS NOT NULL THEN length(l_language.name) < 5 END"
        + " AND CASE WHEN q.editor_id IS NOT NULL THEN LOWER(l_editor.name) LIKE 'v%' END"), both.out());
    String[] perRow = {
        "select editor, count(*), sum(count(*)) over () as total from heartbeats where user_id < 30"
            + " and length(editor) > 3 group by editor order by 1",
        "select lower(editor), count(*) from heartbeats where user_id < 30 and length(editor) > 3"
            + " group by lower(editor) order by 1",
        "select count(*) from heartbeats where user_id < 30 and length(editor) > 3 group by editor order by 1"};
    for (String query : perRow) {
      var r = MigratedExample.rewrittenAndEqual(db, query);
      assertFalse(r.out().contains("tested once per group"), r.out());
    }
  }

  /**
   * A dimension compared with a subquery that yields the same dimension compares ids on both
   * sides, NULLs included (a NULL language in the subquery makes NOT IN match nothing, on ids as
   * on names); a subquery yielding something else (max() of names, a per-user dimension) keeps
   * its names.
   */
  @Test
  void aComparisonWithASubqueryOfTheSameDimensionComparesIds() {
    String[] byIds = {
        "select editor, count(*) from heartbeats where user_id = 4 and language = (select language from heartbeats"
            + " where user_id = 5 order by id limit 1) group by editor",
        "select count(*) from heartbeats where user_id <= 6 and not (language in (select language from heartbeats"
            + " where user_id = 7 and editor = 'Zed'))",
        "select count(*) from heartbeats h where user_id <= 6 and language not in (select language from heartbeats"
            + " where user_id = 8)",
        "select count(*) from heartbeats where language is distinct from (select language from heartbeats where id = 3)"};
    for (String query : byIds) {
      var r = MigratedExample.rewrittenAndEqual(db, query);
      assertTrue(r.out().contains("(SELECT language_id"), r.out());
      assertFalse(r.out().contains("name read from heartbeat_languages"), r.out());
    }
    var max = MigratedExample.rewrittenAndEqual(db, "select count(*) from heartbeats where user_id = 9"
        + " and language = (select max(language) from heartbeats where user_id = 9)");
    assertTrue(max.out().contains("name read from heartbeat_languages"), max.out());
    MigratedExample.rewrittenAndEqual(db, "select count(*) from heartbeats where user_id = 9"
        + " and project in (select project from heartbeats where user_id = 10)");
  }

  /** {@code <>} becomes "not among the ids of that name", which a NULL FK must not pass. */
  @Test
  void anInequalityTestsTheIdsOfTheOtherValueOnce() {
    var r = MigratedExample.shell(db, "-c",
        "\\rewrite select count(*) from heartbeats where user_id = 5 and project is not null and project <> ''").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("WHERE user_id = 5 AND project_id IS NOT NULL AND project_id NOT IN (SELECT id"), r.out());
    assertTrue(r.out().contains("WHERE user_id = 5 AND name = '')"), r.out());
    // Names of the user the query fixes come from that user's part of the lookup.
    var grouped = MigratedExample.shell(db, "-c",
        "\\rewrite select project, count(*) from heartbeats where user_id = 5 group by project").run();
    assertTrue(grouped.out().contains("ON l_project.id = q.project_id AND l_project.user_id = 5"), grouped.out());
  }

  /**
   * A name that has a lookup row is its id, read at rewrite time, and {@code language_id = 42} is
   * NULL, true and false for the same rows as {@code language = 'Ruby'}: so under NOT and in CASE too.
   */
  @Test
  void aKnownNameIsItsIdEvenUnderNot() throws Exception {
    String ruby = db.value("select id from heartbeat_languages where name = 'Ruby'");
    assertEquals("t", db.value("select count(*) filter (where language is null) > 0 from heartbeats"));
    for (String query : new String[] {
        "select count(*) from heartbeats where not (language = 'Ruby')",
        "select count(*) from heartbeats where not (language = 'Ruby' or category = 'coding')",
        "select case when language in ('Ruby', 'Go') then 'a' else 'b' end as k, count(*) from heartbeats group by 1",
        "select count(*) from users where id in (select user_id from heartbeats where 'Ruby' = language)",
        "select count(*) from heartbeats where language is distinct from 'Ruby' and language not in ('Go', 'Ruby')",
        "select count(*) from heartbeats where language = any (array['Ruby', 'Go']) and not (editor <> all (array['Zed']))"}) {
      var r = MigratedExample.rewrittenAndEqual(db, query);
      assertTrue(r.out().contains("'Ruby' is id " + ruby + " of heartbeat_languages")
          || r.out().contains("'Ruby', 'Go' are ids " + ruby + ", "), query + "\n" + r.out());
      assertFalse(r.out().contains("FROM public.heartbeat_languages") || r.out().contains("JOIN public.heartbeat_languages"),
          query + "\n" + r.out());
    }
  }

  /** The rewriter reads a small lookup whole once; a name inserted after that is still found, by itself. */
  @Test
  void aNameInsertedAfterItsLookupWasReadIsFoundByItsId() {
    String query = "select count(*) from heartbeats where language in ('Ada 2025')";
    var r = MigratedExample.shell(db, "-v", "ON_ERROR_STOP=1",
        "-c", "\\rewrite select count(*) from heartbeats where language = 'Ada 2025'",
        "-c", "insert into heartbeats (user_id, time, language) values (3, 1767300002, 'Ada 2025')",
        "-c", "\\rewrite " + query, "-c", "\\compare " + query).run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("WHERE language_id = (SELECT id"), r.out());
    assertTrue(r.out().contains("'Ada 2025' is id "), r.out());
    assertTrue(r.out().contains("rewritten | t     |    1"), r.out());
  }

  /** DISTINCT ON keeps one row of many: ids are named for those rows only, and put in order again. */
  @Test
  void distinctOnNamesOnlyTheRowsItKeeps() {
    String query = "select distinct on (user_id) user_id, project, time from heartbeats where user_id <= 6"
        + " order by user_id, time desc, id";
    var r = MigratedExample.rewrittenAndEqual(db, query);
    assertTrue(r.out().contains("FROM (SELECT distinct on (user_id) user_id, project_id, time"), r.out());
    assertTrue(r.out().contains("ORDER BY user_id;"), r.out());
  }

  /** Partial backfill: the exact check finds it, the rewrite refuses, --force shows the difference. */
  @Test
  void unverifiedIdsAreNotTrustedUntilTheExactCheckIsClean() throws Exception {
    String query = "select category, count(*) from heartbeats group by category";
    try {
      db.execute("update heartbeats set category_id = null where id % 10 = 0 and category is not null");
      assertEquals(0, MigratedExample.shell(db, "-q", "-c", "\\progress --exact").run().status());
      var refused = MigratedExample.shell(db, "-c", "\\rewrite " + query).run();
      assertEquals(0, refused.status(), refused.toString());
      assertTrue(refused.err().contains("WARNING:  not rewritten, their ids are not verified"), refused.err());
      assertTrue(refused.err().contains("category: ") && refused.err().contains("missing"), refused.err());
      assertTrue(refused.err().contains("--force"), refused.err());
      assertTrue(refused.out().contains("-- left as it is"), refused.out());

      var forced = MigratedExample.shell(db, "-c", "\\compare --force " + query).run();
      assertEquals(1, forced.status(), forced.toString());
      assertTrue(forced.err().contains("the rewritten query returns other results"), forced.err());
      assertTrue(forced.out().contains("original only"), forced.out());
    } finally {
      assertEquals(0, MigratedExample.shell(db, "-q", "-c", "\\backfill --again", "-c", "\\progress --exact").run()
          .status());
    }
    var again = MigratedExample.shell(db, "-c", "\\compare " + query).run();
    assertEquals(0, again.status(), again.toString());
    assertFalse(again.err().contains("WARNING"), again.err());
  }
}
