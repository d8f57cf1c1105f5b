package io.cutover.rewrite.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.parser.SqlParseException;
import org.junit.jupiter.api.Test;

/** What Calcite cannot parse is set aside, the rest parses, and printing puts it back as written. */
class FragmentProtectorTest {

  /** The query as the rewrite prints it when nothing changes: protected, parsed, printed, restored. */
  static String roundTrip(String sql) throws Exception {
    ProtectedSql p = FragmentProtector.protect(sql);
    return PgParser.tidy(p.restore(PgParser.print(PgParser.parse(p.text()))));
  }

  @Test
  void everyConstructCalciteRejectsSurvivesARoundTrip() throws Exception {
    for (String fragment : List.of("to_timestamp(time) AT TIME ZONE 'America/New_York'",
        "to_timestamp(h.time) AT TIME ZONE $1", "raw_data ->> 'language'", "h.raw_data -> 'a' ->> 'b'",
        "raw_data #>> '{a,b}'", "interval '7 days'")) {
      String out = roundTrip("SELECT " + fragment + " AS x FROM heartbeats AS h");
      assertTrue(out.contains(fragment), fragment + " -> " + out);
    }
  }

  @Test
  void nestedCommentsGo() throws Exception {
    assertEquals("SELECT language FROM heartbeats", roundTrip("select /* a /* b; */ 'c */ language -- x\n"
        + " from heartbeats -- end").replace("\n", " "));
  }

  @Test
  void timeIsANameButNotATypeOrALiteral() throws Exception {
    ProtectedSql p = FragmentProtector.protect(
        "select time, h.date, x::timestamp, cast(y as date), time '10:00', timestamp with time zone '2026-01-01'"
            + " from h where time > 1");
    assertEquals("select \"time\", h.\"date\", CAST(x AS \"cutover$2$74696d657374616d70\"), cast(y as \"cutover$1$64617465\"), time '10:00',"
        + " timestamp with time zone '2026-01-01' from h where \"time\" > 1", p.text());
    assertEquals("SELECT time FROM heartbeats", roundTrip("select time from heartbeats").replace("\n", " "));
  }

  /** Issue 15, finding 8: CAST(x AS type) keeps its type as written (Calcite printed DOUBLE and INTERVAL SECOND, read no int[]). */
  @Test
  void aCastFunctionsTypeComesBackAsWritten() throws Exception {
    for (String cast : List.of("CAST(1 AS double precision)", "CAST('1 day' AS interval)", "CAST('{1}' AS int[])",
        "CAST(x AS numeric(10, 2))", "CAST(CAST(y AS text) AS varchar(3))", "CAST(t AS timestamp(0) with time zone)",
        "CAST(x AS \"My Type\")", "CAST(x AS public.t)", "CAST(x::text AS int ARRAY)")) {
      String out = roundTrip("SELECT " + cast + " AS c FROM heartbeats");
      assertTrue(out.contains(cast.replace("x::text", "CAST(x AS text)")), cast + " -> " + out);
    }
  }

  @Test
  void distinctOnAndMaterializedComeBack() throws Exception {
    String out = roundTrip("WITH recent AS MATERIALIZED (SELECT user_id, project FROM heartbeats)"
        + " SELECT DISTINCT ON (user_id) user_id, project FROM recent ORDER BY user_id");
    assertTrue(out.contains("recent AS MATERIALIZED ("), out);
    assertTrue(out.contains("SELECT DISTINCT ON (user_id) user_id, project"), out);
    assertTrue(roundTrip("WITH r AS NOT MATERIALIZED (SELECT 1 AS a) SELECT a FROM r").contains("r AS NOT MATERIALIZED ("));
  }

  @Test
  void quotedTextIsNeverTouchedAndCommentsGo() {
    String sql = "select 'time AT TIME ZONE x', \"interval\" /* raw->>'k' */ from t -- distinct on (a)\n";
    ProtectedSql p = FragmentProtector.protect(sql);
    assertEquals("select 'time AT TIME ZONE x', \"interval\" from t", p.text());
    assertTrue(p.fragments().isEmpty());
  }

  @Test
  void namesInsideAFragmentAreReported() {
    ProtectedSql p = FragmentProtector.protect("select to_timestamp(time) at time zone language from heartbeats");
    assertTrue(p.fragmentWords().contains("language"), p.fragmentWords().toString());
    assertFalse(FragmentProtector.protect("select language from heartbeats").fragmentWords().contains("language"));
  }

  /**
   * PostgreSQL binds {@code ::} tighter than any operator but {@code .} and {@code []}; Calcite 1.42
   * applied it to everything before it ({@code 1 + x::int * 2} came out as {@code (1 + x::INTEGER) * 2}).
   * Each cast comes out as a CAST of exactly its operand, to the type as written.
   */
  @Test
  void aCastAppliesToItsOperandOnlyAndKeepsItsType() throws Exception {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("1 + lineno::int * 2", "1 + CAST(lineno AS int) * 2");
    cases.put("language = 'Go' AND is_write::boolean = false", "language = 'Go' AND CAST(is_write AS boolean) = FALSE");
    cases.put("(language)::text = 'Go'", "CAST(language AS text) = 'Go'");
    cases.put("(a + b)::int", "CAST(a + b AS int)");
    cases.put("x::text::int", "CAST(CAST(x AS text) AS int)");
    cases.put("x::double precision / 2", "CAST(x AS double precision) / 2");
    cases.put("x::timestamp(3) with time zone", "CAST(x AS timestamp(3) with time zone)");
    cases.put("x::character varying(10) || 'a'", "CAST(x AS character varying(10)) || 'a'");
    cases.put("x::numeric(10, 2)", "CAST(x AS numeric(10, 2))");
    cases.put("x::int[]", "CAST(x AS int[])");
    cases.put("x::pg_catalog.int4", "CAST(x AS pg_catalog.int4)");
    cases.put("'1 day'::interval * 2", "CAST('1 day' AS interval) * 2");
    cases.put("date '2026-01-01'::text", "CAST(DATE '2026-01-01' AS text)");
    cases.put("-12.5e3::int", "- CAST(1.25E4 AS int)");
    cases.put("$1::int + 1", "CAST($1 AS int) + 1");
    cases.put("count(*)::int * 2", "CAST(COUNT(*) AS int) * 2");
    cases.put("sum(h.lineno) OVER (PARTITION BY h.project)::bigint", "CAST(SUM(h.lineno) OVER (PARTITION BY h.project) AS bigint)");
    cases.put("CASE WHEN x THEN 1 ELSE 2 END::text", "CAST(CASE WHEN x THEN 1 ELSE 2 END AS text)");
    cases.put("h.created_at::date = '2026-01-01'", "CAST(h.created_at AS date) = '2026-01-01'");
    cases.put("x::int BETWEEN 1 AND 2", "CAST(x AS int) BETWEEN 1 AND 2");
    cases.put("time::text", "CAST(time AS text)");
    cases.put("(array_agg(x))[1]::text", "CAST((ARRAY_AGG(x))[1] AS text)");
    cases.put("a[2]::text", "CAST(a[2] AS text)");
    cases.put("x::\"My \"\"Type\"\"\" || 'a::b'", "CAST(x AS \"My \"\"Type\"\"\") || 'a::b'");
    cases.put("h.created_at::timestamp AT TIME ZONE 'UTC'", "CAST(h.created_at AS timestamp) AT TIME ZONE 'UTC'");
    cases.put("(raw_data ->> 'n')::int + 1", "CAST(raw_data ->> 'n' AS int) + 1");
    cases.put("raw_data ->> 'n'::text", "raw_data ->> CAST('n' AS text)");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      String out = roundTrip("SELECT " + c.getKey() + " AS v FROM heartbeats AS h").replace("\n", " ");
      assertEquals("SELECT " + c.getValue() + " AS v FROM heartbeats AS h", out, c.getKey());
    }
  }

  /** The type names are not names of the query: a column called like one does not block the rewrite. */
  @Test
  void typeNamesAreNotFragmentWords() {
    assertTrue(FragmentProtector.protect("select x::language from h").fragmentWords().isEmpty());
  }

  /** A :: whose operand is not found is refused with words, never parsed into the wrong tree. */
  @Test
  void aCastWhoseOperandIsNotFoundIsRefused() {
    SqlParseException e = assertThrows(SqlParseException.class,
        () -> PgParser.parse(FragmentProtector.protect("select 1 + (x).f::int * 2 from h").text()));
    assertTrue(e.getMessage().contains("write CAST(expression AS type)"), e.getMessage());
  }

  /** Calcite's parser overflowed its stack on 3,000 parentheses and said nothing (null message). */
  @Test
  void deepNestingIsRefusedWithAReason() {
    String sql = "select " + "(".repeat(3000) + "1" + ")".repeat(3000) + " from h";
    SqlParseException e = assertThrows(SqlParseException.class, () -> PgParser.parse(FragmentProtector.protect(sql).text()));
    assertTrue(e.getMessage().contains("deeper than Calcite's parser can follow"), e.getMessage());
  }
}
