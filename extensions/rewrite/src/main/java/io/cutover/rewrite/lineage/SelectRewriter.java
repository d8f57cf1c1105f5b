package io.cutover.rewrite.lineage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Rewrites one SELECT so that it reads no dimension string from the plan's table. Two passes over
 * the same clauses: the first records how each dimension of each FROM item is used; then, per
 * item and dimension, the SELECT either works on ids (every use is one an id answers exactly:
 * grouping, partitioning, DISTINCT, COUNT, equality with a value in a positive position, IS NULL)
 * or joins the lookup table and reads the name (any other use); the second pass rewrites.
 * {@link UsageCollector} is the first pass, {@link SelectTransformer} the second; this class holds
 * what both share and what enclosing and nested SELECTs ask of it.
 *
 * <p>The rules are those of design.md's "Value semantics": within the query's scope ids and names
 * must map one to one. For a per-user dimension that holds only when the scope column is grouped
 * (or partitioned) alongside it, or fixed by {@code user_id = value}; otherwise its name is joined.
 */
final class SelectRewriter {

  private static final SqlParserPos POS = SqlParserPos.ZERO;

  final RewriteSession engine;
  final SqlSelect select;
  final Scope scope;
  final IdTests idTests;
  private final boolean top;
  private final UsageCollector collector;
  /** The alias of each dimension's joined lookup, by the first read of its name (in either pass, or by a subquery). */
  private final Map<DimensionKey, String> lookupAliases = new LinkedHashMap<>();

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
    // Before the FROM items: a LATERAL subquery among them may read this SELECT's dimensions.
    this.collector = new UsageCollector(this, top);
    if (select.getFrom() != null) {
      new FromItems(engine, scope).add(select.getFrom());
    }
    // A derived column that now holds ids, read inside a fragment, would be read there as ids.
    for (Source s : scope.sources) {
      if (!s.knowsColumns()) {
        continue;
      }
      for (Map.Entry<String, ColumnMeaning> c : s.columns.entrySet()) {
        if (c.getValue() instanceof ColumnMeaning.Ids && engine.usedInFragment(c.getKey())) {
          throw new NotRewritable(RewriteSession.inFragment(c.getKey()) + ", and it now holds ids");
        }
      }
    }
  }

  QueryResult rewrite() throws NotRewritable {
    List<String> names = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      names.add(OutputNames.of(item));
    }
    SelectUsage usage = collector.collect();
    return new SelectTransformer(this, usage, top).transform(names);
  }

  /** A subquery reads {@code key}, a dimension of this SELECT: its names are joined (first pass). */
  void needName(DimensionKey key, String why) {
    collector.needName(key, why);
  }

  SqlIdentifier nameReference(DimensionKey key) {
    String alias = lookupAliases.computeIfAbsent(key, k -> engine.freshName("l_" + k.dimension().column()));
    return new SqlIdentifier(List.of(alias, key.dimension().valueColumn()), POS);
  }

  /**
   * For {@link LookupFilter} and {@link IdTests}: a reference resolved here, or null when it is not
   * a column of this SELECT.
   */
  Scope.Ref dimensionOrColumn(SqlIdentifier id) {
    try {
      Scope.Ref ref = scope.resolve(id);
      return ref == null || ref.owner() != this ? null : ref;
    } catch (NotRewritable e) {
      return null;
    }
  }

  /** The lookups to join, by the dimension they name: complete once the second pass has run. */
  Map<DimensionKey, String> lookupAliases() {
    return Collections.unmodifiableMap(lookupAliases);
  }
}
