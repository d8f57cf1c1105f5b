package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Pure questions and edits of Calcite's SqlNode trees, shared by every part of the rewrite: no
 * state, no plan, no catalog.
 */
final class SqlTrees {

  static final Set<String> AGGREGATES = Set.of("count", "sum", "min", "max", "avg", "array_agg", "string_agg",
      "bool_and", "bool_or", "every", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev",
      "variance", "percentile_cont", "percentile_disc", "mode", "bit_and", "bit_or");
  private static final SqlParserPos POS = SqlParserPos.ZERO;

  private SqlTrees() {
  }

  /** A PostgreSQL parameter ({@code $1}): Calcite parses it as a simple identifier. */
  static boolean isParameter(SqlNode node) {
    return node instanceof SqlIdentifier id && id.isSimple() && id.getSimple().startsWith("$");
  }

  /** Whether any identifier in {@code node} (null: none) passes {@code test}. */
  static boolean any(SqlNode node, Predicate<SqlIdentifier> test) {
    if (node instanceof SqlIdentifier id) {
      return test.test(id);
    }
    Iterable<SqlNode> children = node instanceof SqlCall call ? call.getOperandList()
        : node instanceof SqlNodeList list ? list : List.of();
    for (SqlNode child : children) {
      if (child != null && any(child, test)) {
        return true;
      }
    }
    return false;
  }

  /** A literal or a parameter ({@code ?}, {@code $1}): one value for every row. */
  static boolean isValue(SqlNode n) {
    return n instanceof SqlLiteral || n instanceof SqlDynamicParam || SqlTrees.isParameter(n);
  }

  static boolean containsWindow(SqlNode node) {
    return node instanceof SqlCall call && !isQuery(node) && (call.getKind() == SqlKind.OVER
        || call.getOperandList().stream().anyMatch(SqlTrees::containsWindow));
  }

  static boolean containsAggregate(SqlNode node) {
    if (!(node instanceof SqlCall call) || isQuery(node) || call.getKind() == SqlKind.OVER) {
      return false;
    }
    if (AGGREGATES.contains(call.getOperator().getName().toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (SqlNode op : call.getOperandList()) {
      if (containsAggregate(op)) {
        return true;
      }
    }
    return false;
  }

  /** The conjuncts ANDed from left to right, as the parser nests them; null for none. */
  static SqlNode and(List<SqlNode> conjuncts) {
    return conjuncts.stream().reduce((a, b) -> SqlStdOperatorTable.AND.createCall(POS, a, b)).orElse(null);
  }

  static void conjuncts(SqlNode node, List<SqlNode> into) {
    if (node instanceof SqlCall call && call.getKind() == SqlKind.AND) {
      for (SqlNode op : call.getOperandList()) {
        conjuncts(op, into);
      }
    } else {
      into.add(node);
    }
  }

  /** Functions are unresolved (no validation), so COUNT is told by its name. */
  static boolean isCount(SqlCall call) {
    return call.getOperator().getName().equalsIgnoreCase("count");
  }

  static boolean isDistinct(SqlCall call) {
    return call.getFunctionQuantifier() != null && call.getFunctionQuantifier().getValue().toString().equals("DISTINCT");
  }

  static void replaceIn(SqlNodeList list, int i, SqlNode node) {
    if (list.get(i) != node) {
      list.set(i, node);
    }
  }

  static void setOperand(SqlCall call, int i, SqlNode node) {
    if (call.getOperandList().get(i) != node) {
      call.setOperand(i, node);
    }
  }
  static SqlNode orderKey(SqlNode item) {
    SqlNode n = item;
    while (n instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
        || c.getKind() == SqlKind.NULLS_LAST)) {
      n = c.operand(0);
    }
    return n;
  }

  static SqlNode withOrderKey(SqlNode item, SqlNode key) {
    if (item instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
        || c.getKind() == SqlKind.NULLS_LAST)) {
      c.setOperand(0, withOrderKey(c.operand(0), key));
      return c;
    }
    return key;
  }

  /**
   * {@code l.user_id = 12} ({@code alias} null: {@code user_id = 12}) for the scope columns of a
   * per-user dimension, when {@code fixed} holds a value for each; null when it does not, or holds
   * a '?' parameter (a second '?' would shift the application's parameters), or when the
   * dimension has no scope.
   */
  static SqlNode scopeCondition(DimensionColumn d, Map<String, SqlNode> fixed, String alias) {
    SqlNode condition = null;
    for (String s : d.scope()) {
      SqlNode value = fixed.get(s);
      if (value == null || value instanceof SqlDynamicParam) {
        return null;
      }
      SqlNode test = SqlStdOperatorTable.EQUALS.createCall(POS,
          new SqlIdentifier(alias == null ? List.of(s) : List.of(alias, s), POS), value.clone(POS));
      condition = condition == null ? test : SqlStdOperatorTable.AND.createCall(POS, condition, test);
    }
    return condition;
  }

  static boolean isQuery(SqlNode node) {
    return node instanceof SqlSelect || node instanceof SqlOrderBy || node instanceof SqlWith
        || (node instanceof SqlCall c && c.getKind().belongsTo(SqlKind.SET_QUERY));
  }

  static void replaceOrderKeys(SqlNodeList order, Map<String, SqlNode> byAlias) {
    for (int i = 0; i < order.size(); i++) {
      SqlNode key = SqlTrees.orderKey(order.get(i));
      if (key instanceof SqlIdentifier id && id.names.size() <= 2 && byAlias.containsKey(id.names.get(id.names.size() - 1))) {
        order.set(i, SqlTrees.withOrderKey(order.get(i), byAlias.get(id.names.get(id.names.size() - 1))));
      }
    }
  }
}
