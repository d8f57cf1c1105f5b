package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;
import io.cutover.shell.spi.Quoting;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The SQL of a test on a dimension answered by its FK: with ids read when the query is rewritten,
 * with ids looked up when it runs, or on the lookup table. {@link SelectRewriter} decides where a
 * test may move to ids; this class writes the test that takes its place.
 */
final class IdTests {

  private static final SqlParserPos POS = SqlParserPos.ZERO;

  private final RewriteSession engine;
  private final Function<SqlIdentifier, Scope.Ref> resolve;

  /** @param resolve a reference of the SELECT the tests are in, or null when it is not one of its columns */
  IdTests(RewriteSession engine, Function<SqlIdentifier, Scope.Ref> resolve) {
    this.engine = engine;
    this.resolve = resolve;
  }

  /**
   * For a global dimension compared with strings: the ids of those names' lookup rows, read now, as
   * an application looks an id up once and then filters by it; null when a name has no row yet
   * (one could be inserted after this rewrite is cached, so the lookup is then read when the query
   * runs, by {@link #lookedUpWhenRun} or {@link #onLookup}).
   */
  SqlNode knownIds(LookupFilter.NameComparison compared) {
    DimensionColumn d = dimensionOf(compared);
    if (d.isScoped()) {
      return null;
    }
    SqlNodeList ids = new SqlNodeList(POS);
    for (String name : compared.names()) {
      OptionalLong id = engine.lookupId(d, name);
      if (id.isEmpty()) {
        return null;
      }
      ids.add(SqlLiteral.createExactNumeric(Long.toString(id.getAsLong()), POS));
    }
    return compared.list() ? ids : ids.get(0);
  }

  /** NOT, AND and OR over tests that {@link #knownIds} answers: each is rewritten where it stands. */
  boolean onlyKnownIds(SqlCall predicate) {
    if (predicate.getKind() == SqlKind.NOT || predicate.getKind() == SqlKind.AND || predicate.getKind() == SqlKind.OR) {
      return predicate.getOperandList().stream().allMatch(op -> op instanceof SqlCall c && onlyKnownIds(c));
    }
    LookupFilter.NameComparison compared = LookupFilter.nameComparison(predicate, resolve);
    return compared != null && knownIds(compared) != null;
  }

  /**
   * {@code language = 'Ruby'} as {@code language_id = 42}, and so for {@code <>}, {@code [NOT] IN},
   * {@code IS [NOT] DISTINCT FROM}: NULL, true and false for the same rows (a NULL string has a
   * NULL FK, every other string its own id), so it holds under NOT and in CASE too. The planner
   * sizes the id from the FK column's statistics as it sized the string (Ruby is one row in six);
   * with an id it could not know before the scan (= (SELECT id ...)) it took the value for a rare
   * one and read all 160,000 of its rows instead of stopping at each user's first (14x).
   */
  SqlNode byKnownIds(LookupFilter.NameComparison compared, SqlCall predicate, SqlNode ids, SqlIdentifier fk,
      boolean conjunct) {
    DimensionColumn d = dimensionOf(compared);
    engine.change(d.column() + ": " + quoted(compared.names()) + (compared.names().size() == 1 ? " is id " : " are ids ")
        + ids + " of " + d.lookup() + " (read now; ids do not change)");
    SqlKind kind = compared.kind();
    SqlOperator operator = kind == predicate.getKind() ? predicate.getOperator()
        : kind == SqlKind.IN ? SqlStdOperatorTable.IN : SqlStdOperatorTable.NOT_IN;
    SqlCall test = operator.createCall(POS, fk, ids);
    boolean indexable = kind == SqlKind.EQUALS || kind == SqlKind.IN;
    if (indexable && conjunct && hidesFkIndex(resolve.apply(compared.dimension()))) {
      // IS TRUE drops the rows NULL and false drop, as a conjunct must, and no index answers it;
      // the planner still sizes it from the FK's statistics (booltestsel), so the plan is the original's.
      engine.change(d.column() + ": tested on each row (IS TRUE) that another index finds, as the original's was:"
          + " no index leads " + d.column());
      return SqlStdOperatorTable.IS_TRUE.createCall(POS, test);
    }
    return test;
  }

  /**
   * Whether the FK's own index would give the planner a path the original never had, beside the
   * one it took: no index leads the string, one leads the FK, and one leads a column the WHERE or a
   * join narrows the rows by (a user, a range of users, the user of a correlated EXISTS). There
   * PostgreSQL ANDed the FK's index with the user's (a BitmapAnd), reading every row of the value
   * once per user: query 26 at 300,000 rows, 40 users, 0.69 s against the original's 0.057 s; as
   * a test of each row it reads the user's rows as the original did (0.05 s).
   */
  private boolean hidesFkIndex(Scope.Ref ref) {
    if (ref.source().kind != Source.Kind.PLAN_TABLE) {
      return false;
    }
    DimensionColumn d = DimensionKey.of(ref).dimension();
    List<TableColumns.IndexLead> indexes = engine.planTableIndexes();
    return indexes.stream().noneMatch(i -> i.column().equals(d.column()))
        && indexes.stream().anyMatch(i -> i.column().equals(d.fk()))
        && indexes.stream().anyMatch(i -> ref.source().narrowed.contains(i.column()));
  }

  /**
   * A global dimension compared with a name that has no lookup row yet, under NOT, in CASE, or with
   * {@code IS [NOT] DISTINCT FROM}: the ids are looked up when the query runs (one could be inserted
   * after this rewrite is cached), and the test keeps the string's answer for a NULL FK, where
   * {@code fk IN (SELECT ...)} alone says false if the name has no row: {@code language = 'Cobol'}
   * becomes {@code CASE WHEN language_id IS NOT NULL THEN language_id IN (SELECT id ... WHERE name
   * = 'Cobol') END}, NULL, true and false for the same rows. Joining the names instead read a lookup
   * row for every row of the query (1.57x for one user's 500 rows; 1.05x so).
   */
  SqlNode lookedUpWhenRun(LookupFilter.NameComparison compared, SqlCall predicate, SqlIdentifier fk) {
    DimensionColumn d = dimensionOf(compared);
    SqlIdentifier value = engine.identifier(d.valueColumn());
    SqlNodeList names = new SqlNodeList(POS);
    compared.names().forEach(n -> names.add(SqlLiteral.createCharString(n, POS)));
    SqlSelect ids = lookupIds(d, names.size() == 1 ? SqlStdOperatorTable.EQUALS.createCall(POS, value, names.get(0))
        : SqlStdOperatorTable.IN.createCall(POS, value, names));
    SqlKind kind = compared.kind();
    boolean among = kind == SqlKind.EQUALS || kind == SqlKind.IN || kind == SqlKind.IS_NOT_DISTINCT_FROM;
    SqlCall test = (among ? SqlStdOperatorTable.IN : SqlStdOperatorTable.NOT_IN).createCall(POS, fk, ids);
    String absent = quoted(compared.names().stream().filter(n -> engine.lookupId(d, n).isEmpty()).toList());
    engine.change(d.column() + ": " + absent + " not in " + d.lookup() + " yet: ids looked up when the query runs");
    return switch (kind) {
      case IS_NOT_DISTINCT_FROM -> SqlStdOperatorTable.AND.createCall(POS,
          SqlStdOperatorTable.IS_NOT_NULL.createCall(POS, fk.clone(POS)), test);
      case IS_DISTINCT_FROM -> SqlStdOperatorTable.OR.createCall(POS,
          SqlStdOperatorTable.IS_NULL.createCall(POS, fk.clone(POS)), test);
      default -> whenNotNull(fk, test);
    };
  }

  /** {@code CASE WHEN fk IS NOT NULL THEN test END}: NULL for a NULL FK, as the string's test gives. */
  static SqlNode whenNotNull(SqlIdentifier fk, SqlNode test) {
    return new SqlCase(POS, null, SqlNodeList.of(SqlStdOperatorTable.IS_NOT_NULL.createCall(POS, fk.clone(POS))),
        SqlNodeList.of(test), null);
  }

  /**
   * A predicate on one dimension in a positive position ({@code lower(editor) NOT IN (...)},
   * {@code language = 'Ruby'}): it holds for a row exactly when it holds for the row's lookup
   * name, so it becomes {@code editor_id IN (SELECT id FROM lookup WHERE <predicate on name>)}, a
   * filter on the small lookup table. Only for predicates that are never true on NULL (checked by
   * {@link LookupFilter}), since a NULL FK is in no lookup row.
   *
   * @param conjunct the predicate is ANDed into a WHERE or ON, where PostgreSQL would turn {@code
   *     IN (SELECT ...)} into a join with the lookup: then it is written as a test of each row
   */
  SqlNode onLookup(Scope.Ref ref, SqlCall predicate, SqlIdentifier fk, boolean conjunct) {
    DimensionColumn d = DimensionKey.of(ref).dimension();
    SqlIdentifier value = engine.identifier(d.valueColumn());
    // dim <> 'a' as "not among the ids named 'a'": sized by the planner as most rows, as it is.
    // As "among the ids named anything but 'a'" a per-user lookup's semi-join was estimated at one
    // row (user and ids taken as independent), which chose nested loops over the lookups (1.74x).
    SqlCall opposite = LookupFilter.opposite(predicate, value, resolve);
    SqlNode onName = opposite != null ? opposite : LookupFilter.onName(predicate, value, resolve);
    // A per-user lookup holds every user's names; where the user is fixed, so is the lookup's part.
    SqlNode scope = SqlTrees.scopeCondition(d, ref.source().fixed, null);
    boolean scopeFixed = scope != null;
    if (scopeFixed) {
      onName = SqlStdOperatorTable.AND.createCall(POS, scope, onName);
    }
    SqlSelect ids = lookupIds(d, onName);
    // IN (SELECT ...), which the planner turns into a semi-join with the small lookup. Measured
    // against = ANY (ARRAY(SELECT ...)) on 1M rows: as fast at the top level, and 2x faster inside
    // EXISTS, where the array's InitPlan kept the scan from running in parallel. Both need the
    // lookups ANALYZEd (\backfill does it): without statistics the semi-join was 2x slower.
    if ((!d.isScoped() || scopeFixed) && LookupFilter.isEquality(predicate, resolve)) {
      // A name without a lookup row yet, or a parameter: unique there, so at most one id, and
      // = (SELECT ...) is a filter like the original's string. As a semi-join, an EXISTS per user
      // read every row of the value instead of stopping at each user's first (4x; 1.3x so).
      return SqlStdOperatorTable.EQUALS.createCall(POS, fk, ids);
    }
    if (opposite != null) {
      // A NULL FK is among no ids, so NOT IN alone would keep the rows the original drops.
      return SqlStdOperatorTable.AND.createCall(POS, SqlStdOperatorTable.IS_NOT_NULL.createCall(POS, fk),
          SqlStdOperatorTable.NOT_IN.createCall(POS, fk.clone(POS), ids));
    }
    SqlCall among = SqlStdOperatorTable.IN.createCall(POS, fk, ids);
    // As a conjunct, CASE keeps PostgreSQL from making the IN a join: NULL and false drop the same
    // rows there, so either form returns the same ones.
    return conjunct && !readByFk(ref, scopeFixed) ? whenNotNull(fk, among) : among;
  }

  /**
   * Whether the rows are best found through the FK's index, as a semi-join with the lookup: the FK
   * leads an index, and either the lookup's part is one user's (a per-user dimension with its user
   * fixed: its ids are that user's, so the index reads that user's matching rows only) or no column
   * the WHERE narrows by values (a user, a range of users) leads an index. Measured at 300,000 rows
   * (\compare and EXPLAIN ANALYZE): across all users the test of each row read the whole table
   * (847 ms; the original 456 ms) where the semi-join read 300 rows through the FK's index
   * (0.8 ms); for one user's per-user branch, 0.2 ms against 1.2 ms. For a global dimension where
   * the user's index finds the rows, the join read every row of each matched value through the
   * FK's index (130 ms: 20,000 rows a language) where the test of each row (a hashed subplan) kept
   * the original's plan (1.4 ms).
   */
  private boolean readByFk(Scope.Ref ref, boolean scopeFixed) {
    if (ref.source().kind != Source.Kind.PLAN_TABLE) {
      return false;
    }
    String fk = DimensionKey.of(ref).dimension().fk();
    List<TableColumns.IndexLead> indexes = engine.planTableIndexes();
    return indexes.stream().anyMatch(i -> i.column().equals(fk) && !i.partial())
        && (scopeFixed || indexes.stream().noneMatch(i -> ref.source().narrowed.contains(i.column())));
  }

  private DimensionColumn dimensionOf(LookupFilter.NameComparison compared) {
    return DimensionKey.of(resolve.apply(compared.dimension())).dimension();
  }

  private SqlSelect lookupIds(DimensionColumn d, SqlNode where) {
    return new SqlSelect(POS, null, SqlNodeList.of(engine.identifier("id")), engine.lookupTable(d), where,
        null, null, null, null, null, null, null, null);
  }

  /** The names as SQL literals, so a note shows a newline or backslash as the query wrote it, on one line. */
  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> Quoting.literal(n).strip()).toList());
  }
}
