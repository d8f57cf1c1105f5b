package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * Reads a FROM clause into the {@link Source}s of a scope, rewriting derived tables on the way
 * (their columns may now hold ids, which the enclosing SELECT must know).
 */
final class FromItems {

  private final RewriteSession engine;
  private final Scope scope;

  FromItems(RewriteSession engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  void add(SqlNode from) throws NotRewritable {
    if (from instanceof SqlJoin join) {
      add(join.getLeft());
      add(join.getRight());
      if (join.isNatural() || join.getConditionType() == JoinConditionType.USING) {
        refuseDimensionJoin(join);
      }
      return;
    }
    if (from instanceof SqlCall call && call.getKind() == SqlKind.AS) {
      SqlNode target = call.operand(0);
      String alias = ((SqlIdentifier) call.operand(1)).getSimple();
      List<SqlNode> columnAliases = call.getOperandList().subList(2, call.operandCount());
      if (target instanceof SqlIdentifier table) {
        table(table, alias, columnAliases, call);
      } else if (SqlTrees.isQuery(target)) {
        call.setOperand(0, derived(target, alias, columnAliases, call, false));
      } else if (target instanceof SqlCall lateral && lateral.getKind() == SqlKind.LATERAL
          && SqlTrees.isQuery(lateral.operand(0))) {
        lateral.setOperand(0, derived(lateral.operand(0), alias, columnAliases, call, true));
      } else {
        scope.sources.add(new Source(Source.Kind.OTHER, alias, null, call));
      }
      return;
    }
    if (from instanceof SqlIdentifier table) {
      table(table, table.names.get(table.names.size() - 1), List.of(), table);
      return;
    }
    if (SqlTrees.isQuery(from)) {
      throw new NotRewritable("a subquery in FROM has no alias; give it one");
    }
    scope.sources.add(new Source(Source.Kind.OTHER, null, null, from));
  }

  private void table(SqlIdentifier table, String alias, List<SqlNode> columnAliases, SqlNode node) {
    if (table.names.size() == 1 && scope.ctes.containsKey(table.getSimple())) {
      scope.sources.add(fromResult(scope.ctes.get(table.getSimple()), alias, columnAliases, node));
      return;
    }
    Optional<List<String>> columns = engine.columns(table.names);
    if (engine.isPlanTable(table.names) && columns.isPresent()) {
      Map<String, ColumnMeaning> meanings = new LinkedHashMap<>();
      for (String c : columns.get()) {
        Optional<DimensionColumn> d = engine.dimension(c);
        meanings.put(c, d.isPresent() ? new ColumnMeaning.Raw(d.get()) : new ColumnMeaning.Base(c));
      }
      scope.sources.add(new Source(Source.Kind.PLAN_TABLE, alias, meanings, node));
      return;
    }
    Map<String, ColumnMeaning> meanings = null;
    if (columns.isPresent()) {
      meanings = new LinkedHashMap<>();
      for (String c : columns.get()) {
        meanings.put(c, ColumnMeaning.OTHER);
      }
    }
    scope.sources.add(new Source(Source.Kind.OTHER, alias, meanings, node));
  }

  private SqlNode derived(SqlNode query, String alias, List<SqlNode> columnAliases, SqlNode node, boolean lateral)
      throws NotRewritable {
    QueryResult result = engine.rewriteQuery(query, lateral ? scope : scope.parent, scope.ctes);
    scope.sources.add(fromResult(result, alias, columnAliases, node));
    return result.node();
  }

  private static Source fromResult(QueryResult result, String alias, List<SqlNode> columnAliases, SqlNode node) {
    Map<String, ColumnMeaning> meanings = new LinkedHashMap<>();
    Map<String, String> renamed = new LinkedHashMap<>();
    int i = 0;
    for (OutputColumn c : result.columns()) {
      if (c.hidden()) {
        continue;
      }
      String name = i < columnAliases.size() ? ((SqlIdentifier) columnAliases.get(i)).getSimple() : c.name();
      meanings.put(name, c.meaning());
      if (i >= columnAliases.size() && !c.reference().equals(c.name())) {
        renamed.put(c.name(), c.reference());
      }
      i++;
    }
    Source s = new Source(Source.Kind.DERIVED, alias, meanings, node);
    s.renamed.putAll(renamed);
    s.fixed.putAll(result.fixed());
    return s;
  }

  private void refuseDimensionJoin(SqlJoin join) throws NotRewritable {
    if (join.isNatural()) {
      for (Source s : scope.sources) {
        if (s.columns != null && s.columns.values().stream().anyMatch(ColumnMeaning::isDimension)) {
          throw new NotRewritable("NATURAL JOIN over " + s.alias + ", whose dimension columns it may compare");
        }
      }
      return;
    }
    for (SqlNode n : (SqlNodeList) join.getCondition()) {
      String column = ((SqlIdentifier) n).getSimple();
      for (Source s : scope.sources) {
        if (s.column(column).map(ColumnMeaning::isDimension).orElse(false)) {
          throw new NotRewritable("JOIN ... USING (" + column + ") compares a dimension; write it as ON");
        }
      }
    }
  }
}
