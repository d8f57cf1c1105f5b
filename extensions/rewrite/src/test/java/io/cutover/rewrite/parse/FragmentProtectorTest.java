package io.cutover.rewrite.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        "raw_data #>> '{a,b}'", "interval '7 days'", "'7 days'::interval")) {
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
    assertEquals("select \"time\", h.\"date\", x::timestamp, cast(y as date), time '10:00',"
        + " timestamp with time zone '2026-01-01' from h where \"time\" > 1", p.text());
    assertEquals("SELECT time FROM heartbeats", roundTrip("select time from heartbeats").replace("\n", " "));
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
}
