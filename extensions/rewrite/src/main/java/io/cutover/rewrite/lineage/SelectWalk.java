package io.cutover.rewrite.lineage;

import io.cutover.rewrite.parse.ProtectedSql;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The walk over one SELECT's clauses that both of its passes share: it tells, for every place a
 * dimension is read, which kind of use it is ({@link DimensionUse}, a test, a subquery) and hands
 * it to the pass: {@link UsageCollector} records it, {@link SelectTransformer} replaces it.
 */
abstract class SelectWalk {

  static final SqlParserPos POS = SqlParserPos.ZERO;
  /** Stands in the WHERE for a conjunct taken out to filter the named groups, until it is removed. */
  static final SqlNode MOVED_TO_GROUPS = SqlLiteral.createBoolean(true, POS);
  private static final Set<SqlKind> SUBQUERY_COMPARISONS = EnumSet.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.IN,
      SqlKind.NOT_IN, SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM);

  enum Clause { SELECT_ITEM, ON, WHERE, GROUP, HAVING, PARTITION, ORDER, FILTER, OTHER }

  /**
   * Where a node sits: its clause, whether only AND/OR lie above it, whether only AND lies above it
   * in a WHERE or ON (where PostgreSQL turns {@code IN (SELECT ...)} into a join), whether it is a
   * whole item.
   */
  record Place(Clause clause, boolean positive, boolean conjunct, boolean whole, SqlNodeList partition) {
    Place(Clause clause, boolean positive, boolean whole, SqlNodeList partition) {
      this(clause, positive, positive && (clause == Clause.WHERE || clause == Clause.ON), whole, partition);
    }

    Place inner() {
      return new Place(clause, false, false, false, partition);
    }

    Place orOperand() {
      return new Place(clause, positive, false, false, partition);
    }

    Place andOperand() {
      return new Place(clause, positive, conjunct, false, partition);
    }
  }

  final SelectRewriter owner;
  final RewriteSession engine;
  final SqlSelect select;
  final Scope scope;
  final IdTests idTests;

  SelectWalk(SelectRewriter owner) {
    this.owner = owner;
    this.engine = owner.engine;
    this.select = owner.select;
    this.scope = owner.scope;
    this.idTests = owner.idTests;
  }

  // ---- what each pass does at the places the walk finds ----

  /** A dimension read at {@code place}, as {@code use}. */
  abstract SqlNode use(Scope.Ref ref, SqlIdentifier id, DimensionUse use, Place place);

  /** A test of one dimension that ids may answer, written on the FK by {@code onFk}. */
  abstract SqlNode test(Scope.Ref ref, SqlCall predicate, Place place, Function<SqlIdentifier, SqlNode> onFk)
      throws NotRewritable;

  /** {@code dim = (SELECT ...)}, {@code dim IN (SELECT ...)} and the like, on a global dimension. */
  abstract SqlNode subqueryComparison(SqlCall call, Scope.Ref ref, Place place) throws NotRewritable;

  /** Whether the predicate leaves the WHERE, to be tested on each named group instead. */
  abstract boolean movesToGroups(Scope.Ref ref, SqlCall predicate, Place place);

  /** An AND, its operands walked. */
  abstract SqlNode conjunction(SqlNode and);

  /** A column of an enclosing SELECT (a correlated reference). */
  abstract SqlNode outerReference(Scope.Ref ref, SqlIdentifier id);

  /** A column of this SELECT that is not a dimension. */
  abstract SqlNode ownColumn(Scope.Ref ref, SqlIdentifier id);

  /** A subquery anywhere in the clauses. */
  abstract SqlNode nestedQuery(SqlNode query) throws NotRewritable;

  // ---- the walk ----

  final void walkClauses() throws NotRewritable {
    SqlNodeList items = select.getSelectList();
    for (int i = 0; i < items.size(); i++) {
      SqlTrees.replaceIn(items, i, walk(items.get(i), new Place(Clause.SELECT_ITEM, false, true, null)));
    }
    if (select.getFrom() != null) {
      walkJoinConditions(select.getFrom());
    }
    select.setWhere(withoutMoved(walk(select.getWhere(), new Place(Clause.WHERE, true, false, null))));
    if (select.getGroup() != null) {
      SqlNodeList group = select.getGroup();
      for (int i = 0; i < group.size(); i++) {
        SqlTrees.replaceIn(group, i, walk(group.get(i), new Place(Clause.GROUP, false, true, null)));
      }
    }
    select.setHaving(walk(select.getHaving(), new Place(Clause.HAVING, true, false, null)));
    for (SqlNode w : select.getWindowList()) {
      walk(w, new Place(Clause.OTHER, false, false, null));
    }
    if (select.getOrderList() != null) {
      SqlNodeList order = select.getOrderList();
      for (int i = 0; i < order.size(); i++) {
        SqlTrees.replaceIn(order, i, walk(order.get(i), new Place(Clause.ORDER, false, false, null)));
      }
    }
  }

  private void walkJoinConditions(SqlNode from) throws NotRewritable {
    if (from instanceof SqlJoin join) {
      walkJoinConditions(join.getLeft());
      walkJoinConditions(join.getRight());
      if (join.getCondition() != null && join.getConditionType() == JoinConditionType.ON) {
        join.setOperand(5, walk(join.getCondition(), new Place(Clause.ON, true, false, null)));
      }
    }
  }

  final SqlNode walk(SqlNode node, Place place) throws NotRewritable {
    if (node == null || node instanceof SqlLiteral || node instanceof SqlDynamicParam) {
      return node;
    }
    if (node instanceof SqlIdentifier id) {
      return identifier(id, place);
    }
    if (node instanceof SqlNodeList list) {
      for (int i = 0; i < list.size(); i++) {
        SqlTrees.replaceIn(list, i, walk(list.get(i), place.inner()));
      }
      return list;
    }
    if (SqlTrees.isQuery(node)) {
      return nestedQuery(node);
    }
    if (node instanceof SqlWindow window) {
      SqlNodeList partition = window.getPartitionList();
      for (int i = 0; i < partition.size(); i++) {
        SqlTrees.replaceIn(partition, i, walk(partition.get(i), new Place(Clause.PARTITION, false, true, partition)));
      }
      SqlNodeList order = window.getOrderList();
      for (int i = 0; i < order.size(); i++) {
        SqlTrees.replaceIn(order, i, walk(order.get(i), new Place(Clause.ORDER, false, false, null)));
      }
      return window;
    }
    if (node instanceof SqlCall call) {
      return call(call, place);
    }
    return node;
  }

  private SqlNode call(SqlCall call, Place place) throws NotRewritable {
    SqlKind kind = call.getKind();
    if (SUBQUERY_COMPARISONS.contains(kind) && call.operandCount() == 2 && SqlTrees.isQuery(call.operand(1))) {
      Scope.Ref ref = dimension(call.operand(0));
      if (ref != null && !DimensionKey.of(ref).dimension().isScoped()) {
        return subqueryComparison(call, ref, place);
      }
    }
    LookupFilter.NameComparison compared = LookupFilter.nameComparison(call, owner::dimensionOrColumn);
    Scope.Ref comparedRef = compared == null ? null : owner.dimensionOrColumn(compared.dimension());
    SqlNode ids = compared == null ? null : idTests.knownIds(compared);
    if (ids != null) {
      return test(comparedRef, call, place, fk -> idTests.byKnownIds(compared, call, ids, fk, place.conjunct()));
    }
    // A name with no lookup row yet: in a positive position the lookup filter below reads its id;
    // elsewhere the test must keep NULL for a NULL FK. A per-user name has an id per user: joined.
    if (compared != null && !(place.positive() && LookupFilter.isPredicate(call))
        && !DimensionKey.of(comparedRef).dimension().isScoped()) {
      return test(comparedRef, call, place, fk -> idTests.lookedUpWhenRun(compared, call, fk));
    }
    if (LookupFilter.isPredicate(call)) {
      Scope.Ref ref = LookupFilter.onlyDimension(call, owner::dimensionOrColumn);
      if (ref != null && place.positive() && !idTests.onlyKnownIds(call)) {
        if (movesToGroups(ref, call, place)) {
          return MOVED_TO_GROUPS;
        }
        return test(ref, call, place, fk -> idTests.onLookup(ref, call, fk, place.conjunct()));
      }
    }
    switch (kind) {
      case AS:
      case DESCENDING:
      case NULLS_FIRST:
      case NULLS_LAST:
        SqlTrees.setOperand(call, 0, walk(call.operand(0), place));
        return call;
      case AND:
        return conjunction(operands(call, place.andOperand()));
      case OR:
        return operands(call, place.orOperand());
      case FILTER:
        SqlTrees.setOperand(call, 0, walk(call.operand(0), place.inner()));
        SqlTrees.setOperand(call, 1, walk(call.operand(1), new Place(Clause.FILTER, true, false, null)));
        return call;
      case IS_NULL:
      case IS_NOT_NULL: {
        Scope.Ref ref = dimension(call.operand(0));
        if (ref != null) {
          SqlTrees.setOperand(call, 0, use(ref, (SqlIdentifier) call.operand(0), DimensionUse.IS_NULL, place));
          return call;
        }
        return operands(call, place.inner());
      }
      default:
        break;
    }
    if (SqlTrees.isCount(call) && call.operandCount() == 1) {
      Scope.Ref ref = dimension(call.operand(0));
      if (ref != null) {
        SqlTrees.setOperand(call, 0, use(ref, (SqlIdentifier) call.operand(0), SqlTrees.isDistinct(call) ? DimensionUse.COUNT_DISTINCT : DimensionUse.COUNT,
            place));
        return call;
      }
    }
    return operands(call, place.inner());
  }

  final SqlNode operands(SqlCall call, Place place) throws NotRewritable {
    List<SqlNode> operands = call.getOperandList();
    for (int i = 0; i < operands.size(); i++) {
      SqlNode op = operands.get(i);
      if (op != null) {
        SqlTrees.setOperand(call, i, walk(op, place));
      }
    }
    return call;
  }

  private SqlNode identifier(SqlIdentifier id, Place place) throws NotRewritable {
    if (id.isStar() || ProtectedSql.isPlaceholder(id.names.get(id.names.size() - 1)) || id.names.get(0).startsWith("$")) {
      return id;
    }
    Scope.Ref ref = scope.resolve(id);
    if (ref == null) {
      refuseWholeRowOfIds(id);
      return id;
    }
    if (ref.owner() != owner) {
      return outerReference(ref, id);
    }
    if (!ref.meaning().isDimension()) {
      return ownColumn(ref, id);
    }
    DimensionUse use = DimensionUse.VALUE;
    if (place.whole()) {
      use = switch (place.clause()) {
        case SELECT_ITEM -> select.isDistinct() ? DimensionUse.DISTINCT_ITEM : DimensionUse.OUTPUT;
        case GROUP -> DimensionUse.GROUP_KEY;
        case PARTITION -> DimensionUse.PARTITION_KEY;
        default -> DimensionUse.VALUE;
      };
    }
    return use(ref, id, use, place);
  }

  /**
   * A derived table or CTE read as a whole row ({@code row_to_json(x)}, {@code x::text}, {@code a = b})
   * shows each column under its name and with its value: ids under the FK's name, where they are.
   */
  private void refuseWholeRowOfIds(SqlIdentifier id) throws NotRewritable {
    Source s = id.isSimple() ? scope.wholeRow(id.getSimple()) : null;
    if (s != null && s.knowsColumns()
        && (!s.renamed.isEmpty() || s.columns.values().stream().anyMatch(m -> m instanceof ColumnMeaning.Ids))) {
      throw new NotRewritable(id.getSimple() + " is read as a whole row, and its columns now hold ids;"
          + " read its columns by name instead");
    }
  }

  final Scope.Ref dimension(SqlNode node) throws NotRewritable {
    if (!(node instanceof SqlIdentifier id) || id.isStar()) {
      return null;
    }
    Scope.Ref ref = scope.resolve(id);
    return ref != null && ref.owner() == owner && ref.meaning().isDimension() ? ref : null;
  }

  /** The conjunction without the conjuncts {@link #movesToGroups} took out; null when none is left. */
  private static SqlNode withoutMoved(SqlNode where) {
    List<SqlNode> conjuncts = new ArrayList<>();
    SqlTrees.conjuncts(where, conjuncts);
    if (conjuncts.stream().noneMatch(c -> c == MOVED_TO_GROUPS)) {
      return where;
    }
    conjuncts.removeIf(c -> c == MOVED_TO_GROUPS);
    return SqlTrees.and(conjuncts);
  }
}
