package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The wrapper that gives a query's ids their names back, after grouping, so that its columns hold
 * what the original's held; with the tests a {@link GroupFilter} moved onto the group's name.
 */
final class IdNaming {

  private static final SqlParserPos POS = SqlParserPos.ZERO;

  private IdNaming() {
  }

  /**
   * Wraps a query whose columns hold ids: {@code SELECT l.name AS language, q.n FROM (query) AS q
   * LEFT JOIN lookup AS l ON l.id = q.language_id} (LEFT, so the NULL group stays), in the
   * original's column order and names; the lookups are joined once per group, not per row. A
   * per-user lookup is read by a scalar subquery instead, {@code (SELECT l.name FROM lookup AS l
   * WHERE l.id = q.project_id)}, NULL when the id is, as the LEFT JOIN would give.
   */
  static SqlNode wrap(RewriteSession session, QueryResult r, SqlNodeList order, SqlNode offset, SqlNode fetch)
      throws NotRewritable {
    if (!(r.node() instanceof SqlSelect inner)) {
      throw new NotRewritable("a query form whose ids cannot be named back (" + r.node().getKind() + ")");
    }
    String q = session.freshName("q");
    SqlNode from = SqlStdOperatorTable.AS.createCall(POS, inner, session.identifier(q));
    SqlNodeList items = new SqlNodeList(POS);
    Map<String, SqlNode> hidden = new HashMap<>();
    Set<String> references = new HashSet<>();
    List<String> joined = new ArrayList<>();
    List<String> probed = new ArrayList<>();
    List<SqlNode> groupTests = new ArrayList<>();
    List<GroupFilter> filters = new ArrayList<>(r.groupFilters());
    for (OutputColumn c : r.columns()) {
      String reference = c.reference();
      if (reference.equals(OutputNames.UNNAMED) || !references.add(reference)) {
        SqlNode item = inner.getSelectList().get(c.item());
        if (item instanceof SqlIdentifier id && id.isStar()) {
          throw new NotRewritable("SELECT * returns two columns named " + reference + "; name the columns");
        }
        reference = session.freshName("c");
        inner.getSelectList().set(c.item(),
            SqlStdOperatorTable.AS.createCall(POS, OutputNames.expression(item), session.identifier(reference)));
      }
      SqlNode value = new SqlIdentifier(List.of(q, reference), POS);
      if (c.meaning() instanceof ColumnMeaning.Ids ids) {
        DimensionColumn d = ids.dimension();
        String l = session.freshName("l_" + d.column());
        SqlNode lookup = SqlStdOperatorTable.AS.createCall(POS, session.lookupTable(d), session.identifier(l));
        SqlNode match = SqlStdOperatorTable.EQUALS.createCall(POS, new SqlIdentifier(List.of(l, "id"), POS), value);
        SqlNode name = new SqlIdentifier(List.of(l, d.valueColumn()), POS);
        SqlNode scope = SqlTrees.scopeCondition(d, r.fixed(), l);
        if (d.isScoped() && scope == null) {
          // A per-user lookup grows with users times values, while a query that names its ids
          // groups within a user: one index probe per result row, whatever the planner guesses
          // the group count to be (a hash join read all 49,611 project names to name 23 groups).
          value = new SqlSelect(POS, null, SqlNodeList.of(name), lookup, match, null, null, null, null, null, null,
              null, null);
          probed.add(d.lookup());
        } else {
          // Where the query fixes the user, only that user's part of the lookup is joined (a few
          // dozen rows by its unique index), not probed per result row (1.3x against 1.75x the
          // original's time for 170 (project, branch) groups of one user).
          SqlNode on = scope == null ? match : SqlStdOperatorTable.AND.createCall(POS, match, scope);
          from = new SqlJoin(POS, from, SqlLiteral.createBoolean(false, POS), JoinType.LEFT.symbol(POS), lookup,
              JoinConditionType.ON.symbol(POS), on);
          value = name;
          joined.add(d.lookup());
        }
        groupTests.addAll(groupTests(filters, d, new SqlIdentifier(List.of(q, reference), POS), value));
      }
      if (c.hidden()) {
        hidden.put(c.reference(), value);
      } else {
        boolean sameName = value instanceof SqlIdentifier id && id.names.get(1).equals(c.name());
        items.add(sameName ? value : SqlStdOperatorTable.AS.createCall(POS, value, session.identifier(c.name())));
      }
    }
    if (order != null) {
      SqlTrees.replaceOrderKeys(order, hidden);
    }
    if (!filters.isEmpty()) {
      throw filtersWithoutNames();
    }
    if (!joined.isEmpty()) {
      session.change("names joined once per result row, after grouping: " + String.join(", ", joined));
    }
    if (!probed.isEmpty()) {
      session.change("names looked up by id once per result row, after grouping: " + String.join(", ", probed));
    }
    return new SqlSelect(POS, null, items, from, SqlTrees.and(groupTests), null, null, null, null, order, offset,
        fetch, null);
  }

  /** A {@link GroupFilter} must never be dropped: the query is left as it is instead. */
  static NotRewritable filtersWithoutNames() {
    return new NotRewritable("a test on the names of groups whose ids the result does not return");
  }

  /**
   * The tests of {@code filters} on dimension {@code d}, taken from the list, on the group's name:
   * {@code CASE WHEN q.user_agent_id IS NOT NULL THEN length(l.value) > 10 END}, NULL for the NULL
   * group as the original's strict test was for NULL strings. Written bare on the name, the test
   * was moved by PostgreSQL onto the lookup's scan, over every lookup row again; guarded by the
   * group's id, it stays above the join, once per group (1.13x the original against 1.89x for one
   * user's 500 rows, \compare on 1M rows).
   */
  private static List<SqlNode> groupTests(List<GroupFilter> filters, DimensionColumn d, SqlIdentifier id, SqlNode name) {
    List<SqlNode> out = new ArrayList<>();
    for (var it = filters.iterator(); it.hasNext(); ) {
      GroupFilter f = it.next();
      if (f.dimension().equals(d)) {
        out.add(IdTests.whenNotNull(id, f.onName().apply(name)));
        it.remove();
      }
    }
    return out;
  }
}
