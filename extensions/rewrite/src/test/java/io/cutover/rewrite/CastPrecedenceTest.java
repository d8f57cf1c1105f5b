package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's {@code ::} binds tighter than every operator but {@code .} and {@code []}; the read
 * cutover applied it to everything before it, so {@code 1 + lineno::int * 2} summed other numbers and
 * {@code language = 'Go' AND is_write::boolean = false} counted 191,279 rows instead of 2,535 (outside
 * review). Each query below is rewritten and \compare finds the same rows.
 */
@org.junit.jupiter.api.Tag("postgres")
class CastPrecedenceTest {

  static TestDatabase db;

  @BeforeAll
  static void migrate() throws Exception {
    db = MigratedExample.create("casts", 3_000);
  }

  @Test
  void aCastAppliesToItsOperandOnly() {
    for (String query : List.of(
        "select language, sum(1 + lineno::int * 2) as s from heartbeats group by language order by 1",
        "select count(*) from heartbeats where language = 'Go' and is_write::boolean = false",
        "select count(*) from heartbeats where language = 'Go' and created_at::date >= '2026-01-01'",
        "select count(*) from heartbeats where language = 'Go' and lineno::text like '1%'",
        "select count(*) from heartbeats where (language)::text = 'Go'",
        "select count(*) from heartbeats where language = 'Go' and lineno::int between 10 and 500",
        "select language, sum(lineno::text::int) from heartbeats group by 1 order by 1",
        "select language::character varying(3) as l3, count(*) from heartbeats group by 1 order by 1",
        "select language, max(time::double precision / 2) from heartbeats group by 1 order by 1",
        "select count(*) from heartbeats where language = 'Go' and created_at::timestamp with time zone > '2020-01-01'",
        "select language, count(*) from heartbeats where created_at > timestamp '2020-01-01' + '1 day'::interval * 2"
            + " group by 1 order by 1",
        "select language, (array_agg(lineno order by lineno))[1]::text as first, array_agg(lineno)::bigint[] from heartbeats group by 1 order by 1",
        "select case when language = 'Go' then 1 else 0 end::text || 'x' as g, count(*) from heartbeats"
            + " group by 1 order by 1",
        "select language, count(*)::int * 2 from heartbeats group by 1 order by 1")) {
      var r = MigratedExample.rewrittenAndEqual(db, query);
      assertTrue(r.out().contains("CAST("), r.out());
    }
  }

  /**
   * An unnamed cast's column is named as PostgreSQL names it (the function's or column's name, else
   * the type's as its grammar resolves it), also where the rewrite moves it into a subquery: the
   * placeholder standing for the type left the rewrite naming a column that does not exist.
   */
  @Test
  void anUnnamedCastKeepsPostgresqlsColumnName() {
    for (String[] c : List.of(
        new String[] {"select language, (array_agg(lineno))[1]::text from heartbeats group by 1 order by 1", "array_agg"},
        new String[] {"select language, case when count(*) > 1 then 'many' end::text from heartbeats group by 1 order by 1",
            "text"},
        new String[] {"select language, 1::int from heartbeats group by 1 order by 1", "int4"},
        new String[] {"select language, 2::double precision from heartbeats group by 1 order by 1", "float8"},
        new String[] {"select language, sum(lineno)::int8 from heartbeats group by 1 order by 1", "sum"})) {
      var r = MigratedExample.rewrittenAndEqual(db, c[0]);
      var run = MigratedExample.shell(db).stdin("\\cutover on\n" + c[0] + ";\n").run();
      assertTrue(run.out().lines().anyMatch(l -> l.matches(" *language *\\| *" + java.util.regex.Pattern.quote(c[1]) + " *")),
          c[0] + "\n" + run + "\n" + r.out());
    }
  }

  @Test
  void cutoverOnRunsTheCastAsWritten() {
    String query = "select count(*) from heartbeats where language = 'Go' and is_write::boolean = false";
    var plain = MigratedExample.shell(db, "-c", query).run();
    var r = MigratedExample.shell(db).stdin("\\cutover on\n" + query + ";\n").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains(plain.out()), plain.out() + "\n---\n" + r.out());
    assertFalse(r.err().contains("must be type boolean"), r.err());
  }

  /** Calcite's parser overflowed and said nothing: \rewrite showed a NullPointerException. */
  @Test
  void aQueryTooDeepForCalciteIsLeftAsItIsWithAReason() {
    String query = "select count(*) from heartbeats where language = " + "(".repeat(3000) + "'Go'" + ")".repeat(3000);
    var r = MigratedExample.shell(db, "-c", "\\rewrite " + query).run();
    assertTrue(r.out().contains("deeper than Calcite's parser can follow"), r.toString());
    assertFalse((r.out() + r.err()).contains("Exception"), r.toString());
    var cutover = MigratedExample.shell(db).stdin("\\cutover on\n" + query + ";\n").run();
    assertFalse((cutover.out() + cutover.err()).contains("Exception")
        || cutover.err().contains("statement filter failed"), cutover.toString());
  }

  /** Same review: {@code \rewrite ;} printed "Index 0 out of bounds for length 0". */
  @Test
  void aSemicolonOrACommentAloneIsNoQuery() {
    for (String line : List.of("\\rewrite ;", "\\rewrite ; ;", "\\compare /* nothing */", "\\rewrite /* x */ ;")) {
      var r = MigratedExample.shell(db, "-c", line).run();
      assertEquals(1, r.status(), line + "\n" + r);
      assertTrue(r.err().contains("no query: type one after the command"), line + "\n" + r);
      assertFalse(r.err().contains("Index"), line + "\n" + r);
    }
  }
}
