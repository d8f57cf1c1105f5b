package io.cutover.rewrite.lineage;

import io.cutover.rewrite.parse.ProtectedSql;
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
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Litmus;

/**
 * Rewrites one SELECT so that it reads no dimension string from the plan's table. Two passes over
 * the same clauses: the first records how each dimension of each FROM item is used; then, per
 * item and dimension, the SELECT either works on ids (every use is one an id answers exactly:
 * grouping, partitioning, DISTINCT, COUNT, equality with a value in a positive position, IS NULL)
 * or joins the lookup table and reads the name (any other use); the second pass rewrites.
 *
 * <p>The rules are those of design.md's "Value semantics": within the query's scope ids and names
 * must map one to one. For a per-user dimension that holds only when the scope column is grouped
 * (or partitioned) alongside it, or fixed by {@code user_id = value}; otherwise its name is joined.
 */
final class SelectRewriter {

  /** How a dimension column is used at one place in the SELECT. */
  enum Use { GROUP_KEY, PARTITION_KEY, DISTINCT_ITEM, OUTPUT, COUNT, COUNT_DISTINCT, FILTERED, IS_NULL, VALUE }

  private static final Set<Use> ANSWERED_BY_IDS = EnumSet.complementOf(EnumSet.of(Use.VALUE));
  private static final Set<SqlKind> SUBQUERY_COMPARISONS = EnumSet.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.IN,
      SqlKind.NOT_IN, SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM);
  private static final Set<SqlKind> NARROWING = EnumSet.of(SqlKind.EQUALS, SqlKind.LESS_THAN, SqlKind.GREATER_THAN,
      SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.BETWEEN, SqlKind.IN);
  private static final SqlParserPos POS = SqlParserPos.ZERO;
  /** Stands in the WHERE for a conjunct taken out to filter the named groups, until it is removed. */
  private static final SqlNode MOVED_TO_GROUPS = SqlLiteral.createBoolean(true, POS);

  private enum Clause { SELECT_ITEM, ON, WHERE, GROUP, HAVING, PARTITION, ORDER, FILTER, OTHER }

  /**
   * Where a node sits: its clause, whether only AND/OR lie above it, whether only AND lies above it
   * in a WHERE or ON (where PostgreSQL turns {@code IN (SELECT ...)} into a join), whether it is a
   * whole item.
   */
  private record Place(Clause clause, boolean positive, boolean conjunct, boolean whole, SqlNodeList partition) {
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

  private final RewriteSession engine;
  private final SqlSelect select;
  private final Scope scope;
  private final boolean top;
  private final Map<DimensionKey, Set<Use>> uses = new LinkedHashMap<>();
  private final Map<DimensionKey, String> whyNames = new LinkedHashMap<>();
  private final Map<DimensionKey, String> lookupAliases = new LinkedHashMap<>();
  private final Set<DimensionKey> byId = new HashSet<>();
  private final IdTests idTests;
  private final Set<SqlNode> rewrittenQueries = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Comparisons with a subquery whose column holds ids of the compared dimension, and that subquery. */
  private final Map<SqlCall, QueryResult> subqueriesOfIds = new IdentityHashMap<>();
  private final List<GroupFilter> groupFilters = new ArrayList<>();
  /** Of a top SELECT: dimensions named in GROUP BY (or by their ordinal), when every item of it is a plain column. */
  private final Set<DimensionKey> groupedPlainly = new HashSet<>();
  private boolean transforming;
  private boolean joinsLookups;

  /**
   * @param top the SELECT's columns go to the user (through a wrapper that turns ids back into
   *     names), not to an enclosing FROM; a plain (not grouped) column then gains nothing from ids
   */
  SelectRewriter(RewriteSession engine, SqlSelect select, Scope outer, Map<String, QueryResult> ctes, boolean top)
      throws NotRewritable {
    this.engine = engine;
    this.select = select;
    this.scope = new Scope(this, outer, ctes);
    this.idTests = new IdTests(engine, this::dimensionOrColumn);
    this.top = top;
    if (select.getFrom() != null) {
      new FromItems(engine, scope).add(select.getFrom());
    }
  }

  QueryResult rewrite() throws NotRewritable {
    List<String> names = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      names.add(OutputNames.of(item));
    }
    collectFixed(select.getWhere());
    walkClauses();
    for (Map.Entry<DimensionKey, Set<Use>> e : uses.entrySet()) {
      if (ANSWERED_BY_IDS.containsAll(e.getValue()) && !whyNames.containsKey(e.getKey())) {
        byId.add(e.getKey());
      }
    }
    joinsLookups = !byId.containsAll(uses.keySet());
    if (top) {
      groupedPlainly.addAll(plainGroupKeys());
    }
    transforming = true;
    walkClauses();
    if (select.getFrom() != null) {
      select.setFrom(attachLookups(select.getFrom()));
    }
    note();
    return new QueryResult(select, outputs(names), fixedColumns(), List.copyOf(groupFilters));
  }

  // ---- the walk, shared by both passes ----

  private void walkClauses() throws NotRewritable {
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

  private SqlNode walk(SqlNode node, Place place) throws NotRewritable {
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
        return withSubquery(call, ref, place);
      }
    }
    LookupFilter.NameComparison compared = LookupFilter.nameComparison(call, this::dimensionOrColumn);
    Scope.Ref comparedRef = compared == null ? null : dimensionOrColumn(compared.dimension());
    SqlNode ids = compared == null ? null : idTests.knownIds(compared);
    if (ids != null) {
      return onIds(comparedRef, call, place, fk -> idTests.byKnownIds(compared, call, ids, fk));
    }
    // A name with no lookup row yet: in a positive position the lookup filter below reads its id;
    // elsewhere the test must keep NULL for a NULL FK. A per-user name has an id per user: joined.
    if (compared != null && !(place.positive() && LookupFilter.isPredicate(call))
        && !DimensionKey.of(comparedRef).dimension().isScoped()) {
      return onIds(comparedRef, call, place, fk -> idTests.lookedUpWhenRun(compared, call, fk));
    }
    if (LookupFilter.isPredicate(call)) {
      Scope.Ref ref = LookupFilter.onlyDimension(call, this::dimensionOrColumn);
      if (ref != null && place.positive() && !idTests.onlyKnownIds(call)) {
        if (transforming && filtersNamedGroups(ref, call, place)) {
          return MOVED_TO_GROUPS;
        }
        return onIds(ref, call, place, fk -> idTests.onLookup(ref, call, fk, place.conjunct()));
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
        return transforming ? withoutRepeats(operands(call, place.andOperand())) : operands(call, place.andOperand());
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
          SqlTrees.setOperand(call, 0, use(ref, (SqlIdentifier) call.operand(0), Use.IS_NULL, place));
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
        SqlTrees.setOperand(call, 0, use(ref, (SqlIdentifier) call.operand(0), SqlTrees.isDistinct(call) ? Use.COUNT_DISTINCT : Use.COUNT,
            place));
        return call;
      }
    }
    return operands(call, place.inner());
  }

  /**
   * A WHERE conjunct that computes from a dimension this SELECT groups by and returns as ids, which
   * the wrapper names: taken out, to be tested on each named group ({@link GroupFilter}). As a test
   * of each row on the lookup ({@link IdTests#onLookup}) it computed over every lookup row, once a
   * query: {@code length()} over 2,001 user agents took 0.47 ms where the original, computing it
   * for one user's 500 rows, took 0.8 ms in all (1.9x). Only where no window, LIMIT, DISTINCT or
   * grouping set sees the rows between the grouping and the wrapper, and with one FROM item.
   */
  private boolean filtersNamedGroups(Scope.Ref ref, SqlCall predicate, Place place) {
    DimensionKey key = DimensionKey.of(ref);
    if (!top || !place.conjunct() || place.clause() != Clause.WHERE || !groupedPlainly.contains(key)
        || !byId.contains(key) || !uses.get(key).contains(Use.OUTPUT) || key.source().kind != Source.Kind.PLAN_TABLE
        || scope.sources.size() != 1 || select.isDistinct() || select.getFetch() != null || select.getOffset() != null
        || !select.getWindowList().isEmpty() || select.getSelectList().stream().anyMatch(SqlTrees::containsWindow)
        || !LookupFilter.computesFromName(predicate, this::dimensionOrColumn)) {
      return false;
    }
    // The predicate leaves the tree here (MOVED_TO_GROUPS takes its place); onName writes a copy.
    Function<SqlIdentifier, Scope.Ref> resolve = this::dimensionOrColumn;
    groupFilters.add(new GroupFilter(key.dimension(), name -> LookupFilter.onName(predicate, name, resolve)));
    engine.change(key.dimension().column() + ": " + engine.text(predicate) + " tested once per group, on its name"
        + " (the query groups by it)");
    return true;
  }

  /**
   * {@code language = (SELECT language FROM heartbeats WHERE ...)}, {@code IN (SELECT ...)} and the
   * like, where the subquery's one column, rewritten, holds ids of the same dimension: ids on both
   * sides. A name has one id and an id one name, NULL for NULL, so each test is NULL, true and
   * false on the same rows as the names' test, under NOT too. (Joining every row's name instead
   * let PostgreSQL read the table through the FK's index: 3 to 18 times slower at 1M rows.)
   * Otherwise the subquery is rewritten for names, as any other.
   */
  private SqlNode withSubquery(SqlCall call, Scope.Ref ref, Place place) throws NotRewritable {
    DimensionKey key = DimensionKey.of(ref);
    if (!transforming) {
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
      uses.computeIfAbsent(key, k -> EnumSet.noneOf(Use.class)).add(Use.FILTERED);
      return call;
    }
    QueryResult r = subqueriesOfIds.get(call);
    if (r == null) {
      return call;
    }
    if (byId.contains(key)) {
      SqlTrees.setOperand(call, 0, idColumn(ref, call));
    } else {
      SqlNode named = engine.named(r);
      rewrittenQueries.add(named);
      SqlTrees.setOperand(call, 1, named);
      SqlTrees.setOperand(call, 0, walk(call.operand(0), place.inner()));
    }
    return call;
  }

  /**
   * The conjunction without a conjunct that an earlier one repeats: {@code project IS NOT NULL AND
   * project <> ''} becomes {@code project_id IS NOT NULL AND project_id NOT IN (...)}, not the
   * same test twice.
   */
  private static SqlNode withoutRepeats(SqlNode conjunction) {
    List<SqlNode> conjuncts = new ArrayList<>();
    SqlTrees.conjuncts(conjunction, conjuncts);
    List<SqlNode> kept = new ArrayList<>();
    for (SqlNode c : conjuncts) {
      if (kept.stream().noneMatch(k -> k.equalsDeep(c, Litmus.IGNORE))) {
        kept.add(c);
      }
    }
    return kept.size() == conjuncts.size() ? conjunction : SqlTrees.and(kept);
  }

  /** The conjunction without the conjuncts {@link #filtersNamedGroups} took out; null when none is left. */
  private static SqlNode withoutMoved(SqlNode where) {
    List<SqlNode> conjuncts = new ArrayList<>();
    SqlTrees.conjuncts(where, conjuncts);
    if (conjuncts.stream().noneMatch(c -> c == MOVED_TO_GROUPS)) {
      return where;
    }
    conjuncts.removeIf(c -> c == MOVED_TO_GROUPS);
    return SqlTrees.and(conjuncts);
  }

  private SqlNode operands(SqlCall call, Place place) throws NotRewritable {
    List<SqlNode> operands = call.getOperandList();
    for (int i = 0; i < operands.size(); i++) {
      SqlNode op = operands.get(i);
      if (op != null) {
        SqlTrees.setOperand(call, i, walk(op, place));
      }
    }
    return call;
  }

  /**
   * A test's part of the two passes: the first records the use and keeps the test; the second
   * writes the test on ids where this item works on ids, and otherwise walks it (the names are
   * joined then).
   */
  private SqlNode onIds(Scope.Ref ref, SqlCall predicate, Place place, Function<SqlIdentifier, SqlNode> onFk)
      throws NotRewritable {
    DimensionKey key = DimensionKey.of(ref);
    if (!transforming) {
      uses.computeIfAbsent(key, k -> EnumSet.noneOf(Use.class)).add(Use.FILTERED);
      return predicate;
    }
    return byId.contains(key) ? onFk.apply(idColumn(ref, predicate)) : operands(predicate, place.inner());
  }

  /** The FK (or derived id column) in place of the dimension, qualified as the predicate qualified it. */
  private SqlIdentifier idColumn(Scope.Ref ref, SqlCall predicate) {
    List<String> names = new ArrayList<>(ref.source().alias == null || !(joinsLookups || SqlTrees.any(predicate, id -> id.names.size() > 1))
        ? List.of() : List.of(ref.source().alias));
    names.add(DimensionKey.of(ref).idColumn());
    return new SqlIdentifier(names, POS);
  }

  /** For {@link LookupFilter}: a reference resolved here, or null when it is not a column of this SELECT. */
  private Scope.Ref dimensionOrColumn(SqlIdentifier id) {
    try {
      Scope.Ref ref = scope.resolve(id);
      return ref == null || ref.owner() != this ? null : ref;
    } catch (NotRewritable e) {
      return null;
    }
  }

  private SqlNode identifier(SqlIdentifier id, Place place) throws NotRewritable {
    if (id.isStar() || ProtectedSql.isPlaceholder(id.names.get(id.names.size() - 1)) || id.names.get(0).startsWith("$")) {
      return id;
    }
    Scope.Ref ref = scope.resolve(id);
    if (ref == null) {
      return id;
    }
    if (ref.owner() != this) {
      if (!ref.meaning().isDimension()) {
        return transforming ? renamed(ref, id) : id;
      }
      DimensionKey key = DimensionKey.of(ref);
      if (!transforming) {
        ref.owner().needName(key, "read inside a subquery");
      }
      return transforming ? ref.owner().nameReference(key) : id;
    }
    if (!ref.meaning().isDimension()) {
      return transforming ? qualify(renamed(ref, id), ref) : id;
    }
    Use use = Use.VALUE;
    if (place.whole()) {
      use = switch (place.clause()) {
        case SELECT_ITEM -> select.isDistinct() ? Use.DISTINCT_ITEM : Use.OUTPUT;
        case GROUP -> Use.GROUP_KEY;
        case PARTITION -> Use.PARTITION_KEY;
        default -> Use.VALUE;
      };
    }
    return use(ref, id, use, place);
  }

  /** Records a use (first pass) or returns what replaces the reference (second pass). */
  private SqlNode use(Scope.Ref ref, SqlIdentifier id, Use use, Place place) {
    DimensionKey key = DimensionKey.of(ref);
    if (!transforming) {
      Use effective = checked(key, use, place);
      uses.computeIfAbsent(key, k -> EnumSet.noneOf(Use.class)).add(effective);
      return id;
    }
    if (byId.contains(key)) {
      List<String> names = new ArrayList<>(id.names);
      names.set(names.size() - 1, key.idColumn());
      return qualify(new SqlIdentifier(names, POS), ref);
    }
    return nameReference(key);
  }

  /**
   * The use as it may be answered: a use ids would answer differently becomes VALUE, with the
   * reason kept for the notes.
   */
  private Use checked(DimensionKey key, Use use, Place place) {
    boolean plainSelect = !isGrouped() && !hasAggregates();
    if (use == Use.OUTPUT && top && plainSelect) {
      return Use.VALUE;
    }
    if (use == Use.OUTPUT && !plainSelect && !isGrouped()) {
      return Use.VALUE;
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
      return Use.VALUE;
    }
    return use;
  }

  void needName(DimensionKey key, String why) {
    uses.computeIfAbsent(key, k -> EnumSet.noneOf(Use.class)).add(Use.VALUE);
    whyNames.putIfAbsent(key, why);
  }

  SqlIdentifier nameReference(DimensionKey key) {
    String alias = lookupAliases.computeIfAbsent(key, k -> engine.freshName("l_" + k.dimension().column()));
    return new SqlIdentifier(List.of(alias, key.dimension().valueColumn()), POS);
  }

  /**
   * A bare column name gains its table's alias when this SELECT joins lookup tables, whose own
   * columns (id, name, user_id) would make it ambiguous.
   */
  private SqlNode qualify(SqlNode node, Scope.Ref ref) {
    if (!joinsLookups || !(node instanceof SqlIdentifier id) || !id.isSimple() || ref.source().alias == null) {
      return node;
    }
    return new SqlIdentifier(List.of(ref.source().alias, id.getSimple()), POS);
  }

  private SqlNode renamed(Scope.Ref ref, SqlIdentifier id) {
    String now = ref.source().referenceName(ref.column());
    if (now.equals(ref.column())) {
      return id;
    }
    List<String> names = new ArrayList<>(id.names);
    names.set(names.size() - 1, now);
    return new SqlIdentifier(names, POS);
  }

  private SqlNode nestedQuery(SqlNode query) throws NotRewritable {
    if (transforming || rewrittenQueries.contains(query)) {
      return query;
    }
    SqlNode rewritten = engine.forNames(query, scope);
    rewrittenQueries.add(rewritten);
    return rewritten;
  }

  // ---- helpers ----

  private Scope.Ref dimension(SqlNode node) throws NotRewritable {
    if (!(node instanceof SqlIdentifier id) || id.isStar()) {
      return null;
    }
    Scope.Ref ref = scope.resolve(id);
    return ref != null && ref.owner() == this && ref.meaning().isDimension() ? ref : null;
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
      Scope.Ref r = dimensionOrColumn(id);
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
        if (r != null && r.owner() == this && r.meaning() instanceof ColumnMeaning.Base b) {
          r.source().narrowed.add(b.column());
        }
      }
    }
    if (where instanceof SqlCall call && call.getKind() == SqlKind.EQUALS) {
      for (int side = 0; side < 2; side++) {
        if (call.operand(side) instanceof SqlIdentifier id && SqlTrees.isValue(call.operand(1 - side))) {
          Scope.Ref r = scope.resolve(id);
          if (r != null && r.owner() == this && r.meaning() instanceof ColumnMeaning.Base b) {
            r.source().fixed.put(b.column(), call.operand(1 - side));
          }
        }
      }
    }
  }

  private Map<String, SqlNode> fixedColumns() {
    return scope.sources.size() == 1 ? Map.copyOf(scope.sources.get(0).fixed) : Map.of();
  }

  private SqlNode attachLookups(SqlNode from) {
    if (from instanceof SqlJoin join) {
      join.setLeft(attachLookups(join.getLeft()));
      join.setRight(attachLookups(join.getRight()));
      return join;
    }
    SqlNode out = from;
    for (Map.Entry<DimensionKey, String> e : lookupAliases.entrySet()) {
      Source s = e.getKey().source();
      if (s.node != from) {
        continue;
      }
      DimensionColumn d = e.getKey().dimension();
      String qualifier = s.alias;
      String column = e.getKey().idColumn();
      SqlNode lookup = SqlStdOperatorTable.AS.createCall(POS, engine.lookupTable(d), engine.identifier(e.getValue()));
      SqlNode on = SqlStdOperatorTable.EQUALS.createCall(POS, new SqlIdentifier(List.of(e.getValue(), "id"), POS),
          new SqlIdentifier(List.of(qualifier, column), POS));
      out = new SqlJoin(POS, out, SqlLiteral.createBoolean(false, POS), JoinType.LEFT.symbol(POS), lookup,
          JoinConditionType.ON.symbol(POS), on);
    }
    return out;
  }

  private List<OutputColumn> outputs(List<String> originalNames) throws NotRewritable {
    List<OutputColumn> out = new ArrayList<>();
    SqlNodeList items = select.getSelectList();
    for (int i = 0; i < items.size(); i++) {
      SqlNode item = items.get(i);
      SqlNode expr = OutputNames.expression(item);
      String alias = OutputNames.alias(item);
      if (expr instanceof SqlIdentifier id && id.isStar()) {
        out.addAll(star(id, i));
        continue;
      }
      if (expr instanceof SqlIdentifier id && ProtectedSql.isPlaceholder(id.names.get(id.names.size() - 1))) {
        continue;
      }
      String name = originalNames.get(i);
      ColumnMeaning meaning = ColumnMeaning.OTHER;
      if (expr instanceof SqlIdentifier id) {
        meaning = meaningOfOutput(id);
      }
      String reference = alias != null ? alias : OutputNames.of(item);
      if (!(meaning instanceof ColumnMeaning.Ids) && alias == null && !reference.equals(name)) {
        items.set(i, SqlStdOperatorTable.AS.createCall(POS, expr, engine.identifier(name)));
        reference = name;
      }
      out.add(new OutputColumn(name, reference, meaning, i, false));
    }
    return out;
  }

  private ColumnMeaning meaningOfOutput(SqlIdentifier rewritten) throws NotRewritable {
    Scope.Ref ref = scope.resolve(rewritten);
    if (ref == null || ref.owner() != this) {
      return ColumnMeaning.OTHER;
    }
    for (DimensionKey k : byId) {
      if (k.source() == ref.source() && k.idColumn().equals(ref.column())) {
        return new ColumnMeaning.Ids(k.dimension());
      }
    }
    return ref.meaning() instanceof ColumnMeaning.Base ? ref.meaning() : ColumnMeaning.OTHER;
  }

  /**
   * The columns {@code *} or {@code t.*} returns. Ids pass through from derived tables; below the
   * top, the plan table's dimension columns are offered by their FK twins (which {@code *} returns
   * too), so an enclosing SELECT can group by them.
   */
  private List<OutputColumn> star(SqlIdentifier star, int item) throws NotRewritable {
    List<OutputColumn> out = new ArrayList<>();
    for (Source s : scope.sources) {
      if (star.names.size() > 1 && !star.names.get(star.names.size() - 2).equals(s.alias)) {
        continue;
      }
      if (!s.knowsColumns()) {
        throw new NotRewritable("SELECT * over " + s.alias + ", whose columns are unknown");
      }
      for (Map.Entry<String, ColumnMeaning> c : s.columns.entrySet()) {
        ColumnMeaning m = c.getValue();
        String reference = s.referenceName(c.getKey());
        if (m instanceof ColumnMeaning.Raw raw) {
          m = top ? ColumnMeaning.OTHER : new ColumnMeaning.Ids(raw.dimension());
          reference = top ? reference : raw.dimension().fk();
        } else if (m instanceof ColumnMeaning.Ids && top) {
          throw new NotRewritable("SELECT * over " + s.alias + ", which now returns ids: name its columns");
        }
        out.add(new OutputColumn(c.getKey(), reference, m, item, false));
      }
    }
    return out;
  }

  private void note() {
    for (Map.Entry<DimensionKey, Set<Use>> e : uses.entrySet()) {
      DimensionKey k = e.getKey();
      String where = k.source().alias == null ? "" : " of " + k.source().alias;
      if (byId.contains(k)) {
        engine.change(k.dimension().column() + where + ": " + describe(e.getValue()) + " by "
            + (k.source().kind == Source.Kind.PLAN_TABLE ? k.dimension().fk() : "id"));
      } else {
        engine.change(k.dimension().column() + where + ": name read from " + k.dimension().lookup()
            + " (" + whyNames.getOrDefault(k, "compared or shown as text, which ids cannot answer") + ")");
      }
    }
  }

  private static String describe(Set<Use> uses) {
    List<String> out = new ArrayList<>();
    for (Use u : uses) {
      out.add(switch (u) {
        case GROUP_KEY -> "grouped";
        case PARTITION_KEY -> "partitioned";
        case DISTINCT_ITEM -> "made distinct";
        case OUTPUT -> "carried";
        case COUNT -> "counted";
        case COUNT_DISTINCT -> "counted distinct";
        case FILTERED -> "filtered";
        case IS_NULL -> "tested for NULL";
        case VALUE -> "read";
      });
    }
    return String.join(", ", out);
  }

}
