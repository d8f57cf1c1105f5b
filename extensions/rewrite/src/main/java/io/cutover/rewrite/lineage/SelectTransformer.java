package io.cutover.rewrite.lineage;

import io.cutover.rewrite.parse.ProtectedSql;
import io.cutover.rewrite.plan.DimensionColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.Litmus;

/**
 * The second pass over a SELECT, from its {@link SelectUsage}: each dimension read becomes its FK
 * (or the derived id column) where the SELECT works on ids, or the joined lookup's name; tests
 * become tests on ids ({@link IdTests}); the lookups are joined to their FROM items; the output
 * columns say what they now hold.
 */
final class SelectTransformer extends SelectWalk {

  private final SelectUsage usage;
  private final boolean top;
  private final List<GroupFilter> groupFilters = new ArrayList<>();
  /** The references this pass wrote in place of a dimension: only these hold ids (a query may read the FK itself). */
  private final Set<SqlNode> idReferences = Collections.newSetFromMap(new IdentityHashMap<>());

  SelectTransformer(SelectRewriter owner, SelectUsage usage, boolean top) {
    super(owner);
    this.usage = usage;
    this.top = top;
  }

  QueryResult transform(List<String> originalNames) throws NotRewritable {
    walkClauses();
    if (select.getFrom() != null) {
      select.setFrom(attachLookups(select.getFrom()));
    }
    note();
    return new QueryResult(select, outputs(originalNames), fixedColumns(), List.copyOf(groupFilters));
  }

  @Override
  SqlNode use(Scope.Ref ref, SqlIdentifier id, DimensionUse use, Place place) {
    DimensionKey key = DimensionKey.of(ref);
    if (usage.byId().contains(key)) {
      List<String> names = new ArrayList<>(id.names);
      names.set(names.size() - 1, key.idColumn());
      SqlNode reference = qualify(new SqlIdentifier(names, POS), ref);
      idReferences.add(reference);
      return reference;
    }
    return owner.nameReference(key);
  }

  /**
   * Where this item works on ids, the test on ids. Where its names are joined (the query shows the
   * dimension), a test of the plan table's rows is still made on the FK, so the rows it drops are
   * dropped before the joins: on the joined name, every row of the user was joined to its lookups
   * first (query 40, the latest heartbeat of a project and languages: 3.1 ms against the original's
   * 0.12; 0.4 ms on the FK). A test computed from the name ({@code length(user_agent) > 10}) stays
   * on the joined name: on the lookup it is computed for every lookup row.
   */
  @Override
  SqlNode test(Scope.Ref ref, SqlCall predicate, Place place, Function<SqlIdentifier, SqlNode> onFk)
      throws NotRewritable {
    boolean onFkBeforeJoins = ref.source().kind == Source.Kind.PLAN_TABLE
        && (LookupFilter.nameComparison(predicate, owner::dimensionOrColumn) != null
            || !LookupFilter.computesFromName(predicate, owner::dimensionOrColumn));
    return usage.byId().contains(DimensionKey.of(ref)) || onFkBeforeJoins ? onFk.apply(idColumn(ref, predicate))
        : operands(predicate, place.inner());
  }

  /** Ids on both sides where the subquery returns ids and this item works on ids; else its names. */
  @Override
  SqlNode subqueryComparison(SqlCall call, Scope.Ref ref, Place place) throws NotRewritable {
    QueryResult r = usage.subqueriesOfIds().get(call);
    if (r == null) {
      return call;
    }
    if (usage.byId().contains(DimensionKey.of(ref))) {
      SqlTrees.setOperand(call, 0, idColumn(ref, call));
    } else {
      SqlTrees.setOperand(call, 1, engine.named(r));
      SqlTrees.setOperand(call, 0, walk(call.operand(0), place.inner()));
    }
    return call;
  }

  @Override
  SqlNode conjunction(SqlNode and) {
    return withoutRepeats(and);
  }

  @Override
  SqlNode outerReference(Scope.Ref ref, SqlIdentifier id) {
    return ref.meaning().isDimension() ? ref.owner().nameReference(DimensionKey.of(ref)) : renamed(ref, id);
  }

  @Override
  SqlNode ownColumn(Scope.Ref ref, SqlIdentifier id) {
    return qualify(renamed(ref, id), ref);
  }

  /** The first pass rewrote the subqueries already. */
  @Override
  SqlNode nestedQuery(SqlNode query) {
    return query;
  }

  /**
   * A WHERE conjunct that computes from a dimension this SELECT groups by and returns as ids, which
   * the wrapper names: taken out, to be tested on each named group ({@link GroupFilter}). As a test
   * of each row on the lookup ({@link IdTests#onLookup}) it computed over every lookup row, once a
   * query: {@code length()} over 2,001 user agents took 0.47 ms where the original, computing it
   * for one user's 500 rows, took 0.8 ms in all (1.9x). Only where no window, LIMIT, DISTINCT or
   * grouping set sees the rows between the grouping and the wrapper, and with one FROM item.
   */
  @Override
  boolean movesToGroups(Scope.Ref ref, SqlCall predicate, Place place) {
    DimensionKey key = DimensionKey.of(ref);
    if (!top || !place.conjunct() || place.clause() != Clause.WHERE || !usage.groupedPlainly().contains(key)
        || !usage.byId().contains(key) || !usage.uses().get(key).contains(DimensionUse.OUTPUT)
        || key.source().kind != Source.Kind.PLAN_TABLE
        || scope.sources.size() != 1 || select.isDistinct() || select.getFetch() != null || select.getOffset() != null
        || !select.getWindowList().isEmpty() || select.getSelectList().stream().anyMatch(SqlTrees::containsWindow)
        || !LookupFilter.computesFromName(predicate, owner::dimensionOrColumn)) {
      return false;
    }
    // The predicate leaves the tree here (MOVED_TO_GROUPS takes its place); onName writes a copy.
    Function<SqlIdentifier, Scope.Ref> resolve = owner::dimensionOrColumn;
    groupFilters.add(new GroupFilter(key.dimension(), name -> LookupFilter.onName(predicate, name, resolve)));
    engine.change(key.dimension().column() + ": " + engine.text(predicate) + " tested once per group, on its name"
        + " (the query groups by it)");
    return true;
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

  /** The FK (or derived id column) in place of the dimension, qualified as the predicate qualified it. */
  private SqlIdentifier idColumn(Scope.Ref ref, SqlCall predicate) {
    List<String> names = new ArrayList<>(ref.source().alias == null || !(usage.joinsLookups() || SqlTrees.any(predicate, id -> id.names.size() > 1))
        ? List.of() : List.of(ref.source().alias));
    names.add(DimensionKey.of(ref).idColumn());
    return new SqlIdentifier(names, POS);
  }

  /**
   * A bare column name gains its table's alias when this SELECT joins lookup tables, whose own
   * columns (id, name, user_id) would make it ambiguous.
   */
  private SqlNode qualify(SqlNode node, Scope.Ref ref) {
    if (!usage.joinsLookups() || !(node instanceof SqlIdentifier id) || !id.isSimple() || ref.source().alias == null) {
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
    for (Map.Entry<DimensionKey, String> e : owner.lookupAliases().entrySet()) {
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
    boolean unnamedFragment = false;
    for (int i = 0; i < items.size(); i++) {
      SqlNode item = items.get(i);
      SqlNode expr = OutputNames.expression(item);
      String alias = OutputNames.alias(item);
      if (expr instanceof SqlIdentifier id && id.isStar()) {
        out.addAll(star(id, i));
        continue;
      }
      if (engine.isDistinctOn(expr)) {
        continue;
      }
      if (alias == null && expr instanceof SqlIdentifier id && ProtectedSql.isPlaceholder(id.names.get(id.names.size() - 1))) {
        unnamedFragment = true;
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
    // The columns that name ids are read by name from this SELECT, and a protected expression's
    // name is PostgreSQL's to give (?column?, timezone, interval), which the rewrite cannot tell.
    if (unnamedFragment && out.stream().anyMatch(OutputColumn::holdsIds)) {
      throw new NotRewritable("a select item Calcite cannot parse (AT TIME ZONE, ->>, interval) has no alias,"
          + " next to columns whose ids are named again; give it an alias");
    }
    // An enclosing query reads these ids by the FK's name, which would then name two columns (the
    // wrapper of a top SELECT renames one).
    for (OutputColumn c : out) {
      if (!top && c.holdsIds() && out.stream().filter(o -> o.reference().equals(c.reference())).count() > 1) {
        throw new NotRewritable(c.name() + " now returns ids as " + c.reference() + ", a column the subquery returns too;"
            + " give " + c.name() + " an alias");
      }
    }
    return out;
  }

  private ColumnMeaning meaningOfOutput(SqlIdentifier rewritten) throws NotRewritable {
    Scope.Ref ref = scope.resolve(rewritten);
    if (ref == null || ref.owner() != owner) {
      return ColumnMeaning.OTHER;
    }
    for (DimensionKey k : usage.byId()) {
      if (idReferences.contains(rewritten) && k.source() == ref.source() && k.idColumn().equals(ref.column())) {
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
    for (Map.Entry<DimensionKey, Set<DimensionUse>> e : usage.uses().entrySet()) {
      DimensionKey k = e.getKey();
      String where = k.source().alias == null ? "" : " of " + k.source().alias;
      if (usage.byId().contains(k)) {
        engine.change(k.dimension().column() + where + ": " + DimensionUse.describe(e.getValue()) + " by "
            + (k.source().kind == Source.Kind.PLAN_TABLE ? k.dimension().fk() : "id"));
      } else {
        engine.change(k.dimension().column() + where + ": name read from " + k.dimension().lookup()
            + " (" + usage.whyNames().getOrDefault(k, "compared or shown as text, which ids cannot answer") + ")");
      }
    }
  }
}
