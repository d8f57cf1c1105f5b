package io.cutover.migration.backfill;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.PlanStore;
import io.cutover.migration.plan.Dimension;
import io.cutover.migration.runbook.ExpandedExample;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Why a batch costs the same on row 1 and row 1,000,000,000: each of its statements reads the
 * table through a key range on the primary key (no OFFSET, no scan of the whole table), also
 * under the generic plan that a prepared statement switches to after five runs.
 */
@org.junit.jupiter.api.Tag("postgres")
class BatchPlanTest {

  @Test
  void everyBatchStatementIsAKeyRangeScanUnderAGenericPlan() throws Exception {
    TestDatabase db = ExpandedExample.create("batchplan", 20_000);
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("analyze heartbeats");
      st.execute("set plan_cache_mode = force_generic_plan");
      BackfillSql sql = new BackfillSql(ActivePlan.of(c, PlanStore.all(c).get(0).plan()));
      List<String> statements = new ArrayList<>(List.of(sql.slice(BackfillSql.Selection.AFTER),
          sql.update(BackfillSql.Selection.AFTER), sql.update(BackfillSql.Selection.KEYS)));
      for (Dimension d : sql.dimensions()) {
        statements.add(sql.missingValues(d, BackfillSql.Selection.AFTER));
        statements.add(sql.missingValues(d, BackfillSql.Selection.KEYS));
      }
      for (String statement : statements) {
        int parameters = statement.split("\\?", -1).length - 1;
        String plan = explain(st, statement, parameters);
        assertFalse(plan.contains("Seq Scan on heartbeats"), statement + "\n" + plan);
        assertTrue(plan.contains("heartbeats_pkey"), statement + "\n" + plan);
      }
    }
  }

  private static String explain(Statement st, String sql, int parameters) throws Exception {
    String prepared = sql;
    for (int i = 1; i <= parameters; i++) {
      prepared = prepared.replaceFirst("\\?", "\\$" + i);
    }
    List<String> types = new ArrayList<>();
    for (int i = 0; i < parameters; i++) {
      types.add("unknown");
    }
    st.execute("deallocate all");
    st.execute("prepare batch" + (types.isEmpty() ? "" : "(" + String.join(", ", types) + ")") + " as " + prepared);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < parameters; i++) {
      values.add(i == parameters - 1 && sql.contains("LIMIT") ? "500"
          : sql.contains("text[]") ? "'{1000,2000,3000}'" : "'" + (1000 * (i + 1)) + "'");
    }
    StringBuilder plan = new StringBuilder();
    try (ResultSet rs = st.executeQuery("explain (costs off) execute batch"
        + (values.isEmpty() ? "" : "(" + String.join(", ", values) + ")"))) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
