package io.cutover.rewrite.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.rewrite.plan.DimensionColumn;
import io.cutover.rewrite.plan.RewritePlan;
import io.cutover.rewrite.plan.TableIndexes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Why a rewrite is slower, read from two EXPLAIN (FORMAT JSON) plans and the table's indexes, without a database. */
class SlowdownTest {

  /** A plan whose FK column name needs quotes, so the CREATE INDEX it suggests must quote it. */
  private static final RewritePlan PLAN = new RewritePlan(1, "app", "Beats", List.of(
      new DimensionColumn("project", "project \"id\"", "app", "projects", "name", List.of("user_id"))), Optional.empty());

  private static final String LAYOUT = "Row layout of Beats: ...";

  @Test
  void anIndexOfTheStringWithoutTwinIsALostIndexPathFixedByItsTwin() throws Exception {
    TableIndexes indexes = indexes(Map.of("by_user_project", List.of("user_id", "project")));
    Slowdown d = Slowdown.of(plan(agg("Hashed", scan("Index Only Scan", "Beats", "by_user_project"))),
        plan(agg("Hashed", scan("Seq Scan", "Beats", null))), indexes, Optional.of(LAYOUT));
    assertEquals(Slowdown.Kind.LOST_INDEX_PATH, d.kind());
    assertEquals("the original reads Beats through index by_user_project, the rewrite by Seq Scan on Beats", d.cause());
    assertTrue(d.fix().startsWith("the index's twin on the FK columns, CREATE INDEX CONCURRENTLY ON \"app\".\"Beats\""
        + " (\"user_id\", \"project \"\"id\"\"\")"), d.fix());
  }

  @Test
  void aTwinLeftUnusedIsALostIndexPathOfTheFilter() throws Exception {
    TableIndexes indexes = indexes(Map.of("by_project", List.of("project"), "by_project_id", List.of("project \"id\"")));
    Slowdown d = Slowdown.of(plan(scan("Index Scan", "Beats", "by_project")), plan(scan("Seq Scan", "Beats", null)), indexes,
        Optional.empty());
    assertEquals(Slowdown.Kind.LOST_INDEX_PATH, d.kind());
    assertTrue(d.fix().startsWith("a filter by_project_id can answer: the rewrite tests a dimension on each row"), d.fix());
  }

  /** The twin read in the original's place, a bitmap AND listing its indexes in the other order: the same path. */
  @Test
  void theTwinInTheOriginalsPlaceIsTheSamePathAndTheLayoutIsTheCause() throws Exception {
    TableIndexes indexes = indexes(Map.of("by_user", List.of("user_id"), "by_project", List.of("project"),
        "by_project_id", List.of("project \"id\"")));
    String original = scan("Bitmap Heap Scan", "Beats", null, scan("BitmapAnd", null, null,
        scan("Bitmap Index Scan", null, "by_user"), scan("Bitmap Index Scan", null, "by_project")));
    String rewritten = scan("Bitmap Heap Scan", "Beats", null, scan("BitmapAnd", null, null,
        scan("Bitmap Index Scan", null, "by_project_id"), scan("Bitmap Index Scan", null, "by_user")));
    Slowdown d = Slowdown.of(plan(original), plan(rewritten), indexes, Optional.of(LAYOUT));
    assertEquals(Slowdown.Kind.COLUMN_POSITION, d.kind(), d.describe());
    assertTrue(d.fix().startsWith("\\rebuild"), d.fix());
    assertEquals(Slowdown.Kind.NOT_FOUND, Slowdown.of(plan(original), plan(rewritten), indexes, Optional.empty()).kind());
  }

  @Test
  void anotherWayThroughTheSameIndexOrAnotherAggregationIsAPlanChange() throws Exception {
    TableIndexes indexes = indexes(Map.of("by_user", List.of("user_id")));
    Slowdown scan = Slowdown.of(plan(scan("Index Only Scan", "Beats", "by_user")),
        plan(scan("Bitmap Heap Scan", "Beats", null, scan("Bitmap Index Scan", null, "by_user"))), indexes, Optional.of(LAYOUT));
    assertEquals(Slowdown.Kind.PLAN_CHANGE, scan.kind());
    assertTrue(scan.cause().startsWith("the original reads Beats by Index Only Scan using by_user on Beats, the rewrite by"),
        scan.cause());
    Slowdown grouping = Slowdown.of(plan(agg("Hashed", scan("Seq Scan", "Beats", null))),
        plan(agg("Sorted", scan("Sort", null, null, scan("Seq Scan", "Beats", null)))), indexes, Optional.of(LAYOUT));
    assertEquals(Slowdown.Kind.PLAN_CHANGE, grouping.kind());
    assertTrue(grouping.cause().endsWith("the original groups by HashAggregate and the rewrite by GroupAggregate, Sort"),
        grouping.cause());
  }

  private static TableIndexes indexes(Map<String, List<String>> columns) {
    return new TableIndexes(PLAN, new LinkedHashMap<>(columns));
  }

  private static PlanNodes plan(String root) throws Exception {
    return PlanNodes.parse("[{\"Plan\": " + root + "}]");
  }

  private static String agg(String strategy, String child) {
    return "{\"Node Type\": \"Aggregate\", \"Strategy\": \"" + strategy + "\", \"Plans\": [" + child + "]}";
  }

  private static String scan(String type, String relation, String index, String... children) {
    return "{\"Node Type\": \"" + type + "\"" + (relation == null ? "" : ", \"Relation Name\": \"" + relation + "\"")
        + (index == null ? "" : ", \"Index Name\": \"" + index + "\"") + ", \"Plans\": [" + String.join(", ", Arrays.asList(children))
        + "]}";
  }
}
