package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;

/**
 * The first pass over a SELECT: records how each dimension of each FROM item is used (its
 * subqueries are rewritten on the way, since what their columns hold decides the uses), then
 * decides, per dimension, ids or names: {@link #collect}. It changes no clause of the SELECT
 * itself, only its subqueries.
 */
final class UsageCollector extends SelectWalk {

  private static final Set<SqlKind> NARROWING = EnumSet.of(SqlKind.EQUALS, SqlKind.LESS_THAN, SqlKind.GREATER_THAN,
      SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.BETWEEN, SqlKind.IN);

  private final boolean top;
  private final Map<DimensionKey, Set<DimensionUse>> uses = new LinkedHashMap<>();
  private final Map<DimensionKey, String> whyNames = new LinkedHashMap<>();
  private final Set<SqlNode> rewrittenQueries = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<SqlCall, QueryResult> subqueriesOfIds = new IdentityHashMap<>();

  UsageCollector(SelectRewriter owner, boolean top) {
    super(owner);
    this.top = top;
  }

  SelectUsage collect() throws NotRewritable {
    collectFixed(select.getWhere());
    collectJoinKeys(select.getWhere());
    collectJoinKeys(select.getFrom());
    walkClauses();
    orderedByOutputColumns();
    Set<DimensionKey> byId = new HashSet<>();
    for (Map.Entry<DimensionKey, Set<DimensionUse>> e : uses.entrySet()) {
      if (DimensionUse.ANSWERED_BY_IDS.containsAll(e.getValue()) && !whyNames.containsKey(e.getKey())) {
        byId.add(e.getKey());
      }
    }
    return new SelectUsage(Collections.unmodifiableMap(uses), Collections.unmodifiableMap(whyNames), Set.copyOf(byId),
        !byId.containsAll(uses.keySet()), top ? plainGroupKeys() : Set.of(), Collections.unmodifiableMap(subqueriesOfIds));
  }

  /** A dimension of this SELECT that a subquery reads: its names are joined. */
  void needName(DimensionKey key, String why) {
    uses.computeIfAbsent(key, k -> EnumSet.noneOf(DimensionUse.class)).add(DimensionUse.VALUE);
    whyNames.putIfAbsent(key, why);
  }

  @Override
  SqlNode use(Scope.Ref ref, SqlIdentifier id, DimensionUse use, Place place) {
    DimensionKey key = DimensionKey.of(ref);
    uses.computeIfAbsent(key, k -> EnumSet.noneOf(DimensionUse.class)).add(checked(key, use, place));
    return id;
  }

  @Override
  SqlNode test(Scope.Ref ref, SqlCall predicate, Place place, Function<SqlIdentifier, SqlNode> onFk) {
    uses.computeIfAbsent(DimensionKey.of(ref), k -> EnumSet.noneOf(DimensionUse.class)).add(DimensionUse.FILTERED);
    return predicate;
  }

  @Override
  SqlNode subqueryComparison(SqlCall call, Scope.Ref ref, Place place) throws NotRewritable {
    DimensionKey key = DimensionKey.of(ref);
    QueryResult r = engine.rewriteQuery(call.operand(1), scope, scope.ctes);
    boolean ids = r.columns().size() == 1 && r.columns().get(0).meaning() instanceof ColumnMeaning.Ids i
        && i.dimension().equals(key.dimension());
    SqlNode query = ids ? r.node() : engine.named(r);
    rewrittenQueries.add(query);
    SqlTrees.setOperand(call, 1, query);
    if (!ids) {
      SqlTrees.setOperand(call, 0, walk(call.operand(0), place.inner()));
      return call;
    }
    subqueriesOfIds.put(call, r);
    uses.computeIfAbsent(key, k -> EnumSet.noneOf(DimensionUse.class)).add(DimensionUse.FILTERED);
    return call;
  }

  @Override
  boolean movesToGroups(Scope.Ref ref, SqlCall predicate, Place place) {
    return false;
  }

  @Override
  SqlNode conjunction(SqlNode and) {
    return and;
  }

  @Override
  SqlNode outerReference(Scope.Ref ref, SqlIdentifier id) {
    if (ref.meaning().isDimension()) {
      ref.owner().needName(DimensionKey.of(ref), "read inside a subquery");
    }
    return id;
  }

  @Override
  SqlNode ownColumn(Scope.Ref ref, SqlIdentifier id) {
    return id;
  }

  @Override
  SqlNode nestedQuery(SqlNode query) throws NotRewritable {
    if (rewrittenQueries.contains(query)) {
      return query;
    }
    SqlNode rewritten = engine.forNames(query, scope);
    rewrittenQueries.add(rewritten);
    return rewritten;
  }

  /**
   * The use as it may be answered: a use ids would answer differently becomes VALUE, with the
   * reason kept for the notes.
   */
  private DimensionUse checked(DimensionKey key, DimensionUse use, Place place) {
    boolean plainSelect = !isGrouped() && !hasAggregates();
    if (use == DimensionUse.OUTPUT && top && plainSelect) {
      return DimensionUse.VALUE;
    }
    if (use == DimensionUse.OUTPUT && !plainSelect && !isGrouped()) {
      return DimensionUse.VALUE;
    }
    DimensionColumn d = key.dimension();
    if (!d.isScoped() || key.source().fixed.keySet().containsAll(d.scope())) {
      return use;
    }
    boolean scoped = switch (use) {
      case GROUP_KEY, COUNT_DISTINCT -> columnsOf(key.source(), groupItems()).containsAll(d.scope());
      case OUTPUT -> plainSelect || columnsOf(key.source(), groupItems()).containsAll(d.scope());
      case DISTINCT_ITEM -> columnsOf(key.source(), select.getSelectList()).containsAll(d.scope());
      case PARTITION_KEY -> columnsOf(key.source(), place.partition()).containsAll(d.scope());
      default -> true;
    };
    if (!scoped) {
      whyNames.putIfAbsent(key, String.join(", ", d.scope()) + " is neither grouped with it nor fixed, "
          + "and one name has an id per " + String.join(", ", d.scope()));
      return DimensionUse.VALUE;
    }
    return use;
  }

  /**
   * An ORDER BY that names an output column by ordinal or alias sorts by what that column holds:
   * ids would sort by id. The top SELECT's ORDER BY moves to the wrapper that names its ids; one
   * left here (a subquery's, with its LIMIT) needs the names.
   */
  private void orderedByOutputColumns() throws NotRewritable {
    if (select.getOrderList() == null) {
      return;
    }
    // Ordinals count the output columns, which the DISTINCT ON placeholder is not.
    List<SqlNode> items = select.getSelectList().stream().filter(item -> !engine.isDistinctOn(item)).toList();
    boolean star = items.stream().anyMatch(item -> item instanceof SqlIdentifier id && id.isStar())
        && scope.sources.stream().anyMatch(s -> s.knowsColumns() && s.columns.values().stream().anyMatch(ColumnMeaning::isDimension));
    for (SqlNode o : select.getOrderList()) {
      SqlNode key = SqlTrees.orderKey(o);
      if (star && key instanceof SqlNumericLiteral) {
        throw new NotRewritable("ORDER BY an ordinal over SELECT *, whose columns may now hold ids; order by a name");
      }
      for (int i = 0; i < items.size(); i++) {
        boolean named = key instanceof SqlNumericLiteral n && n.isInteger() ? n.intValue(true) == i + 1
            : key instanceof SqlIdentifier id && id.isSimple() && id.getSimple().equals(OutputNames.of(items.get(i)));
        Scope.Ref ref = named ? dimension(OutputNames.expression(items.get(i))) : null;
        if (ref != null) {
          needName(DimensionKey.of(ref), "ordered by its output column where the ORDER BY stays (a subquery's)");
        }
      }
    }
  }

  private boolean isGrouped() {
    return select.getGroup() != null && !select.getGroup().isEmpty();
  }

  private boolean hasAggregates() {
    for (SqlNode item : select.getSelectList()) {
      if (SqlTrees.containsAggregate(item)) {
        return true;
      }
    }
    return select.getHaving() != null;
  }

  /** Read before the select items are rewritten, since ordinals name them; none when a group item is an expression. */
  private Set<DimensionKey> plainGroupKeys() {
    Set<DimensionKey> out = new HashSet<>();
    for (SqlNode g : groupItems()) {
      if (!(g instanceof SqlIdentifier id)) {
        return Set.of();
      }
      Scope.Ref r = owner.dimensionOrColumn(id);
      if (r != null && r.meaning().isDimension()) {
        out.add(DimensionKey.of(r));
      }
    }
    return out;
  }

  /** GROUP BY items, with ordinals replaced by the select items they name. */
  private SqlNodeList groupItems() {
    SqlNodeList out = new SqlNodeList(POS);
    if (select.getGroup() == null) {
      return out;
    }
    for (SqlNode g : select.getGroup()) {
      if (g instanceof SqlNumericLiteral n && n.isInteger()) {
        int i = n.intValue(true) - 1;
        if (i >= 0 && i < select.getSelectList().size()) {
          out.add(OutputNames.expression(select.getSelectList().get(i)));
        }
      } else {
        out.add(g);
      }
    }
    return out;
  }

  /** The plan-table columns of {@code source} that {@code items} name bare. */
  private Set<String> columnsOf(Source source, SqlNodeList items) {
    Set<String> out = new HashSet<>();
    if (items == null) {
      return out;
    }
    for (SqlNode item : items) {
      if (OutputNames.expression(item) instanceof SqlIdentifier id) {
        try {
          Scope.Ref r = scope.resolve(id);
          if (r != null && r.source() == source && r.meaning() instanceof ColumnMeaning.Base b) {
            out.add(b.column());
          }
        } catch (NotRewritable e) {
          // An ambiguous name proves nothing about the scope.
        }
      }
    }
    return out;
  }

  /**
   * {@code h.user_id = u.id} conjuncts of the WHERE and of each ON, with a column of another FROM
   * item or of an enclosing SELECT (a correlated EXISTS): each pair of rows is found through an index
   * the plan table's column leads, as for a value, so they narrow the rows by it too.
   */
  private void collectJoinKeys(SqlNode node) throws NotRewritable {
    if (node instanceof SqlJoin join) {
      collectJoinKeys(join.getLeft());
      collectJoinKeys(join.getRight());
      collectJoinKeys(join.getCondition());
      return;
    }
    List<SqlNode> conjuncts = new ArrayList<>();
    SqlTrees.conjuncts(node, conjuncts);
    for (SqlNode c : conjuncts) {
      if (c instanceof SqlCall call && call.getKind() == SqlKind.EQUALS
          && call.operand(0) instanceof SqlIdentifier left && call.operand(1) instanceof SqlIdentifier right
          && !SqlTrees.isParameter(left) && !SqlTrees.isParameter(right)) {
        Scope.Ref a = scope.resolve(left);
        Scope.Ref b = scope.resolve(right);
        if (a != null && b != null && a.source() != b.source()) {
          narrowBy(a);
          narrowBy(b);
        }
      }
    }
  }

  private void narrowBy(Scope.Ref r) {
    if (r.owner() == owner && r.meaning() instanceof ColumnMeaning.Base b) {
      r.source().narrowed.add(b.column());
    }
  }

  /**
   * {@code col = value} conjuncts at the top of WHERE fix that column for every row; those and
   * {@code col < value}, {@code BETWEEN}, {@code IN (values)} narrow the rows by it.
   */
  private void collectFixed(SqlNode where) throws NotRewritable {
    if (where instanceof SqlCall call && call.getKind() == SqlKind.AND) {
      for (SqlNode op : call.getOperandList()) {
        collectFixed(op);
      }
      return;
    }
    if (where instanceof SqlCall call && NARROWING.contains(call.getKind())) {
      List<SqlNode> columns = call.getOperandList().stream().filter(op -> op instanceof SqlIdentifier id
          && !SqlTrees.isParameter(id)).toList();
      boolean valuesElse = call.getOperandList().stream().allMatch(op -> columns.contains(op) || SqlTrees.isValue(op)
          || op instanceof SqlNodeList list && list.stream().allMatch(SqlTrees::isValue));
      if (columns.size() == 1 && valuesElse) {
        Scope.Ref r = scope.resolve((SqlIdentifier) columns.get(0));
        if (r != null) {
          narrowBy(r);
        }
      }
    }
    if (where instanceof SqlCall call && call.getKind() == SqlKind.EQUALS) {
      for (int side = 0; side < 2; side++) {
        if (call.operand(side) instanceof SqlIdentifier id && SqlTrees.isValue(call.operand(1 - side))) {
          Scope.Ref r = scope.resolve(id);
          if (r != null && r.owner() == owner && r.meaning() instanceof ColumnMeaning.Base b) {
            r.source().fixed.put(b.column(), call.operand(1 - side));
          }
        }
      }
    }
  }
}
