package io.cutover.rewrite.lineage;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.parse.FragmentProtector;
import io.cutover.rewrite.parse.NumberLiterals;
import io.cutover.rewrite.parse.PgParser;
import io.cutover.rewrite.parse.ProtectedSql;
import io.cutover.rewrite.plan.DimensionColumn;
import io.cutover.rewrite.plan.RewritePlan;
import io.cutover.shell.spi.Quoting;
import io.cutover.shell.spi.SqlScript;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * One rewrite of one query: the per-query state (names taken, notes, the protected fragments, the
 * lookup ids read) and the query-level walk (WITH, set operations, ORDER BY, the outermost SELECT),
 * handing each SELECT to {@link SelectRewriter} and the naming of ids to {@link IdNaming}. Made and
 * used by one thread for one query, then dropped.
 */
final class RewriteSession {

  private static final SqlParserPos POS = SqlParserPos.ZERO;

  private final RewritePlan plan;
  private final Map<String, DimensionColumn> trusted;
  private final TableColumns catalog;
  private final LookupIds lookupIds;
  private final boolean bareNameIsPlanTable;

  private final Set<String> taken = new HashSet<>();
  private final List<String> changes = new ArrayList<>();
  private final Map<List<String>, OptionalLong> idsRead = new HashMap<>();
  /** The names of the other tables the query reads, as written: a view among them is told when nothing is rewritten. */
  private final Set<List<String>> otherTables = new LinkedHashSet<>();
  private boolean ordersAll;
  private ProtectedSql protectedSql;

  /**
   * @param trusted the dimensions whose FKs are verified, by column
   * @param bareNameIsPlanTable whether the plan's table name, unqualified, finds the plan's table
   *     in the session's search_path now
   */
  RewriteSession(RewritePlan plan, Map<String, DimensionColumn> trusted, TableColumns catalog, LookupIds lookupIds,
      boolean bareNameIsPlanTable) {
    this.plan = plan;
    this.trusted = trusted;
    this.catalog = catalog;
    this.lookupIds = lookupIds;
    this.bareNameIsPlanTable = bareNameIsPlanTable;
  }

  Rewrite rewrite(String sql) {
    try {
      return attempt(sql);
    } catch (StackOverflowError e) {
      // Each pass recurses once per level of nesting (NOT NOT ..., 1 + 1 + ...): the thread's stack
      // may end before the server's limit does, and the query then runs as typed.
      return Rewrite.unchanged(sql, "the query is nested too deeply to rewrite");
    }
  }

  private Rewrite attempt(String sql) {
    for (SqlScript.Token t : SqlScript.lex(sql)) {
      taken.add(t.text(sql).toLowerCase(Locale.ROOT).replace("\"", ""));
    }
    // A name of the query's own would be taken for a protected fragment and replaced by it.
    if (taken.stream().anyMatch(ProtectedSql::isPlaceholder)) {
      return Rewrite.unchanged(sql, "it uses a name starting with " + ProtectedSql.PLACEHOLDER_PREFIX
          + ", which the rewrite keeps for the parts Calcite cannot parse");
    }
    protectedSql = FragmentProtector.protect(NumberLiterals.plain(sql));
    for (String word : protectedSql.fragmentWords()) {
      if (trusted.containsKey(word)) {
        return Rewrite.unchanged(sql, inFragment(word));
      }
    }
    SqlNode parsed;
    try {
      parsed = PgParser.parse(protectedSql.text());
    } catch (SqlParseException e) {
      return Rewrite.unchanged(sql, parseFailure(e));
    }
    try {
      SqlNode out = top(parsed);
      if (changes.isEmpty()) {
        if (trusted.isEmpty()) {
          return Rewrite.unchanged(sql, "no dimension is trusted yet");
        }
        List<String> table = List.of(plan.schema(), plan.table());
        Optional<List<String>> view = otherTables.stream().filter(n -> catalog.isViewOf(n, table)).findFirst();
        return Rewrite.unchanged(sql, view.map(RewriteSession::quoted).map(v -> "it reads the view " + v
            + ", which reads " + plan.table() + ": the rewrite does not look inside views; \\rewrite the view's SELECT"
            + " (\\d+ " + v + " shows it) and replace the view with its rewrite")
            .orElse("reads no trusted dimension column of " + plan.table()));
      }
      String printed = PgParser.tidy(protectedSql.restore(PgParser.print(out)));
      // \cutover runs the rewrite in place of the application's query: whatever names the plan and
      // catalog hold, it is one statement, or it does not run.
      if (SqlScript.split(printed).size() != 1) {
        return new Rewrite.Failed(sql, "the rewrite printed more than one statement (a defect of cutover: report the query)");
      }
      return new Rewrite.Rewritten(sql, printed, ordersAll, List.copyOf(changes), null);
    } catch (NotRewritable e) {
      return Rewrite.unchanged(sql, e.getMessage());
    } catch (RuntimeException e) {
      return new Rewrite.Failed(sql, "the rewrite failed on a query shape it does not handle (a defect of cutover:"
          + " report the query)");
    }
  }

  // ---- queries ----

  private SqlNode top(SqlNode node) throws NotRewritable {
    if (node instanceof SqlOrderBy ob && ob.query instanceof SqlWith w) {
      node = new SqlWith(POS, w.withList, new SqlOrderBy(POS, w.body, ob.orderList, ob.offset, ob.fetch));
    }
    if (node instanceof SqlWith w) {
      Map<String, QueryResult> ctes = withItems(w, null, Map.of());
      return new SqlWith(POS, w.withList, topBody(w.body, ctes));
    }
    return topBody(node, Map.of());
  }

  /**
   * The outermost SELECT: its columns go to the user, so columns holding ids get their names back
   * in a wrapper that joins the lookups after grouping, and ORDER BY and LIMIT move to the wrapper
   * (ORDER BY expressions that are not output columns ride along as hidden columns).
   */
  private SqlNode topBody(SqlNode node, Map<String, QueryResult> ctes) throws NotRewritable {
    SqlSelect select;
    SqlNodeList order;
    SqlNode offset;
    SqlNode fetch;
    if (node instanceof SqlOrderBy ob && ob.query instanceof SqlSelect s) {
      select = s;
      order = ob.orderList;
      offset = ob.offset;
      fetch = ob.fetch;
    } else if (node instanceof SqlSelect s) {
      select = s;
      order = s.getOrderList();
      offset = s.getOffset();
      fetch = s.getFetch();
    } else {
      return forNames(node, null, ctes);
    }
    Optional<SqlSelect> preAggregated = PreAggregation.of(this, select, order);
    if (preAggregated.isPresent()) {
      select = preAggregated.get();
    }
    ordersAll = ordersEveryColumn(select, order);
    // A plain DISTINCT's ORDER BY moves to the wrapper like any other: its keys are output columns
    // (PostgreSQL requires it), so a hidden one repeats an output and the same rows stay distinct;
    // left inside, an ordinal over a column of ids sorted by the id, not the name.
    if (hasDistinctOn(select)) {
      select.setOrderBy(order);
      select.setOffset(offset);
      select.setFetch(fetch);
      // DISTINCT ON keeps one row per key of many: its columns may stay ids and be named in the
      // wrapper, for those rows only (1.9x when 12,500 rows were joined to their names to keep 25),
      // where the wrapper can order the rows again, by the DISTINCT ON keys.
      SqlNodeList again = hasDistinctOn(select) ? distinctOnOrder(select, order) : null;
      QueryResult r = new SelectRewriter(this, select, null, ctes, again == null).rewrite();
      return r.holdsIds() ? IdNaming.wrap(this, r, again, null, null) : r.node();
    }
    select.setOrderBy(null);
    select.setOffset(null);
    select.setFetch(null);
    int visible = select.getSelectList().size();
    Map<String, SqlNode> hiddenItems = hideOrderExpressions(select, order);
    QueryResult r = new SelectRewriter(this, select, null, ctes, true).rewrite();
    List<OutputColumn> columns = new ArrayList<>();
    for (OutputColumn c : r.columns()) {
      columns.add(c.item() >= visible ? c.asHidden() : c);
    }
    r = new QueryResult(r.node(), columns, r.fixed(), r.groupFilters());
    if (r.holdsIds()) {
      return IdNaming.wrap(this, r, order, offset, fetch);
    }
    if (!r.groupFilters().isEmpty()) {
      throw IdNaming.filtersWithoutNames();
    }
    // No ids to name: the hidden columns go back into ORDER BY, rewritten.
    SqlNodeList items = select.getSelectList();
    Map<String, SqlNode> rewrittenHidden = new HashMap<>();
    for (int i = items.size() - 1; i >= visible; i--) {
      rewrittenHidden.put(OutputNames.alias(items.get(i)), OutputNames.expression(items.get(i)));
      items.remove(i);
    }
    if (order != null) {
      SqlTrees.replaceOrderKeys(order, rewrittenHidden);
    }
    select.setOrderBy(order);
    select.setOffset(offset);
    select.setFetch(fetch);
    return select;
  }

  private static boolean ordersEveryColumn(SqlSelect select, SqlNodeList order) {
    if (order == null || order.isEmpty()) {
      return false;
    }
    SqlNodeList items = select.getSelectList();
    for (int i = 0; i < items.size(); i++) {
      String name = OutputNames.of(items.get(i));
      String expression = OutputNames.expression(items.get(i)).toString();
      boolean keyed = false;
      for (SqlNode o : order) {
        SqlNode key = SqlTrees.orderKey(o);
        keyed |= (key instanceof SqlNumericLiteral n && n.isInteger() && n.intValue(true) == i + 1)
            || (key instanceof SqlIdentifier id && id.isSimple() && id.getSimple().equals(name))
            || key.toString().equals(expression);
      }
      if (!keyed) {
        return false;
      }
    }
    return true;
  }

  private Map<String, SqlNode> hideOrderExpressions(SqlSelect select, SqlNodeList order) {
    Map<String, SqlNode> hidden = new LinkedHashMap<>();
    if (order == null) {
      return hidden;
    }
    Set<String> outputs = new HashSet<>();
    for (SqlNode item : select.getSelectList()) {
      outputs.add(OutputNames.of(item));
    }
    for (int i = 0; i < order.size(); i++) {
      SqlNode key = SqlTrees.orderKey(order.get(i));
      boolean ordinal = key instanceof SqlNumericLiteral;
      boolean output = key instanceof SqlIdentifier id && id.isSimple() && outputs.contains(id.getSimple());
      if (ordinal || output) {
        continue;
      }
      String alias = freshName("o");
      select.getSelectList().add(SqlStdOperatorTable.AS.createCall(POS, key, identifier(alias)));
      hidden.put(alias, key);
      order.set(i, SqlTrees.withOrderKey(order.get(i), identifier(alias)));
    }
    return hidden;
  }

  /**
   * The first ORDER BY items, as many as DISTINCT ON has keys (PostgreSQL requires them to be
   * those keys): one row per key remains, so they order the result completely. Null unless each
   * is an output column the wrapper can order by.
   */
  private SqlNodeList distinctOnOrder(SqlSelect select, SqlNodeList order) {
    String placeholder = ((SqlIdentifier) select.getSelectList().get(0)).names.get(0);
    String fragment = protectedSql.fragments().get("\"" + placeholder + "\", ");
    if (fragment == null || order == null) {
      return null;
    }
    int keys = 1;
    int depth = 0;
    for (SqlScript.Token t : SqlScript.lex(fragment)) {
      String text = t.text(fragment);
      depth += text.equals("(") ? 1 : text.equals(")") ? -1 : 0;
      keys += depth == 1 && text.equals(",") ? 1 : 0;
    }
    Set<String> outputs = new HashSet<>();
    for (SqlNode item : select.getSelectList().getList().subList(1, select.getSelectList().size())) {
      outputs.add(OutputNames.of(item));
    }
    if (order.size() < keys) {
      return null;
    }
    SqlNodeList again = new SqlNodeList(POS);
    for (SqlNode item : order.getList().subList(0, keys)) {
      if (!(SqlTrees.orderKey(item) instanceof SqlIdentifier id && id.isSimple() && outputs.contains(id.getSimple()))) {
        return null;
      }
      again.add(item.clone(POS));
    }
    return again;
  }

  private boolean hasDistinctOn(SqlSelect select) {
    return !select.getSelectList().isEmpty() && isDistinctOn(select.getSelectList().get(0));
  }

  /**
   * Whether a select item is the placeholder the protector put for {@code DISTINCT ON (...)}, not
   * a protected expression ({@code raw_data->>'type'}) that is a column of the result.
   */
  boolean isDistinctOn(SqlNode item) {
    return item instanceof SqlIdentifier id
        && protectedSql.fragments().containsKey("\"" + id.names.get(id.names.size() - 1) + "\", ");
  }

  /** A query whose columns must hold what the original's held (names, not ids). */
  SqlNode forNames(SqlNode query, Scope outer) throws NotRewritable {
    return forNames(query, outer, outer == null ? Map.of() : outer.ctes);
  }

  private SqlNode forNames(SqlNode query, Scope outer, Map<String, QueryResult> ctes) throws NotRewritable {
    return named(rewriteQuery(query, outer, ctes));
  }

  /** A rewritten query whose columns hold what the original's held: ids named again. */
  SqlNode named(QueryResult r) throws NotRewritable {
    return r.holdsIds() ? IdNaming.wrap(this, r, null, null, null) : r.node();
  }

  /** A query feeding an enclosing FROM: its columns may hold ids, as the result says. */
  QueryResult rewriteQuery(SqlNode query, Scope outer, Map<String, QueryResult> ctes) throws NotRewritable {
    if (query instanceof SqlSelect select) {
      return new SelectRewriter(this, select, outer, ctes, false).rewrite();
    }
    if (query instanceof SqlOrderBy ob) {
      if (ob.query instanceof SqlSelect select) {
        select.setOrderBy(ob.orderList);
        select.setOffset(ob.offset);
        select.setFetch(ob.fetch);
        return rewriteQuery(select, outer, ctes);
      }
      QueryResult inner = rewriteQuery(ob.query, outer, ctes);
      SqlNode named = inner.holdsIds() ? IdNaming.wrap(this, inner, null, null, null) : inner.node();
      return new QueryResult(new SqlOrderBy(POS, named, ob.orderList, ob.offset, ob.fetch), names(inner), Map.of());
    }
    if (query instanceof SqlWith w) {
      Map<String, QueryResult> inner = withItems(w, outer, ctes);
      QueryResult body = rewriteQuery(w.body, outer, inner);
      return new QueryResult(new SqlWith(POS, w.withList, body.node()), body.columns(), body.fixed());
    }
    if (query instanceof SqlCall set && set.getKind().belongsTo(SqlKind.SET_QUERY)) {
      QueryResult first = null;
      for (int i = 0; i < set.operandCount(); i++) {
        QueryResult r = rewriteQuery(set.operand(i), outer, ctes);
        first = first == null ? r : first;
        set.setOperand(i, r.holdsIds() ? IdNaming.wrap(this, r, null, null, null) : r.node());
      }
      return new QueryResult(set, names(first), Map.of());
    }
    throw new NotRewritable("a query form the rewrite does not know (" + query.getKind() + ")");
  }

  private static List<OutputColumn> names(QueryResult r) {
    List<OutputColumn> out = new ArrayList<>();
    for (OutputColumn c : r.columns()) {
      if (!c.hidden()) {
        out.add(new OutputColumn(c.name(), c.name(), ColumnMeaning.OTHER, c.item(), false));
      }
    }
    return out;
  }

  private Map<String, QueryResult> withItems(SqlWith with, Scope outer, Map<String, QueryResult> ctes)
      throws NotRewritable {
    Map<String, QueryResult> visible = new HashMap<>(ctes);
    for (SqlNode n : with.withList) {
      SqlWithItem item = (SqlWithItem) n;
      if (item.recursive != null && item.recursive.booleanValue()) {
        throw new NotRewritable("WITH RECURSIVE is not rewritten");
      }
      QueryResult r = rewriteQuery(item.query, outer, visible);
      item.query = r.node();
      if (item.columnList != null) {
        List<OutputColumn> named = new ArrayList<>();
        int i = 0;
        for (OutputColumn c : r.columns()) {
          if (!c.hidden() && i < item.columnList.size()) {
            String name = ((SqlIdentifier) item.columnList.get(i++)).getSimple();
            named.add(new OutputColumn(name, name, c.meaning(), c.item(), false));
          }
        }
        r = new QueryResult(r.node(), named, r.fixed());
      }
      visible.put(item.name.getSimple(), r);
    }
    return visible;
  }

  // ---- what SelectRewriter and FromItems ask of the engine ----

  /** Whether a protected fragment uses {@code name}: the rewrite cannot see into one. */
  boolean usedInFragment(String name) {
    return protectedSql.fragmentWords().contains(name);
  }

  static String inFragment(String name) {
    return "\"" + name + "\" is used inside PostgreSQL syntax Calcite cannot parse (AT TIME ZONE, ->>, interval, DISTINCT ON)";
  }

  boolean isPlanTable(List<String> names) {
    int n = names.size();
    return names.get(n - 1).equals(plan.table()) && (n == 1 ? bareNameIsPlanTable : names.get(n - 2).equals(plan.schema()));
  }

  Optional<DimensionColumn> dimension(String column) {
    return Optional.ofNullable(trusted.get(column));
  }

  Optional<List<String>> columns(List<String> names) {
    if (isPlanTable(names)) {
      return catalog.of(List.of(plan.schema(), plan.table()));
    }
    otherTables.add(List.copyOf(names));
    return catalog.of(names);
  }

  List<TableColumns.IndexLead> planTableIndexes() {
    return catalog.indexes(List.of(plan.schema(), plan.table()));
  }

  /** Read once per rewrite: both passes and the checks before them ask. */
  OptionalLong lookupId(DimensionColumn d, String name) {
    return idsRead.computeIfAbsent(List.of(d.column(), name), k -> lookupIds.of(d, name));
  }

  /**
   * Always with its schema: a bare name is found by the session's search_path, where another
   * schema's table of that name may come first and answer with other names (found in review).
   */
  SqlNode lookupTable(DimensionColumn d) {
    return new SqlIdentifier(List.of(d.lookupSchema(), d.lookup()), POS);
  }

  SqlIdentifier identifier(String name) {
    return new SqlIdentifier(name, POS);
  }

  /** A name no other part of the query uses: {@code base}, then {@code base2}, ... */
  String freshName(String base) {
    String name = base;
    for (int i = 2; taken.contains(name); i++) {
      name = base + i;
    }
    taken.add(name);
    return name;
  }

  /** A part of the query as the user wrote it, for a note. */
  String text(SqlNode node) {
    return PgParser.tidy(protectedSql.restore(PgParser.print(node)));
  }

  void change(String note) {
    if (!changes.contains(note)) {
      changes.add(note);
    }
  }

  /**
   * Calcite's words for a syntax error. A missing class is a fault of the jar, not of the query, and
   * its message is only the class's name: say that instead.
   */
  private static String parseFailure(SqlParseException e) {
    if (e.getCause() instanceof LinkageError) {
      return "Calcite's parser is incomplete in this build of cutover (a packaging defect: report it with the query)";
    }
    return "Calcite cannot parse it: " + firstLine(e.getMessage());
  }

  private static String quoted(List<String> name) {
    return String.join(".", name.stream().map(Quoting::identifier).toList());
  }

  private static String firstLine(String message) {
    String line = message.lines().findFirst().orElse(message);
    return line.replaceAll("\"cutover\\$\\d+\"", "(protected fragment)");
  }
}
