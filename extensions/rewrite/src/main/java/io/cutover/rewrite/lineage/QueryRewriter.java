package io.cutover.rewrite.lineage;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.plan.DimensionColumn;
import io.cutover.rewrite.plan.RewritePlan;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites read queries over the plan's table so that they read the FK columns and the lookup
 * tables instead of the dimension strings, for the dimensions it is told to trust. Works on
 * Calcite's SqlNode tree (no schema, no validation: PostgreSQL's functions pass through as they
 * are) and carries "this column now holds ids of X" up through derived tables and CTEs. Queries
 * it cannot rewrite exactly are returned unchanged with the reason.
 *
 * <p>Results are cached by query text: applications repeat the same parameterised SQL.
 *
 * <p>An unqualified name is the plan's table only when the session's search_path finds the plan's
 * table by it: a table of that name in another schema (a schema per tenant) is another table.
 */
public final class QueryRewriter {

  private static final int CACHE_SIZE = 512;

  private final RewritePlan plan;
  private final Map<String, DimensionColumn> trusted = new HashMap<>();
  private final TableColumns catalog;
  private final LookupIds lookupIds;

  /** A query's text, and whether its bare table name meant the plan's table when it was rewritten. */
  private record Key(String sql, boolean bareNameIsPlanTable) {
  }

  /** Guarded by itself; each rewrite runs outside the lock, in a session of its own. */
  private final Map<Key, Rewrite> cache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Rewrite> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  /** @param trustedColumns the dimensions whose FKs are verified; the others are left as strings */
  public QueryRewriter(RewritePlan plan, Set<String> trustedColumns, TableColumns catalog, LookupIds lookupIds) {
    this.plan = plan;
    this.catalog = catalog;
    this.lookupIds = lookupIds;
    for (DimensionColumn d : plan.dimensions()) {
      if (trustedColumns.contains(d.column())) {
        trusted.put(d.column(), d);
      }
    }
  }

  /**
   * Thread-safe: two threads asking for the same new query may both rewrite it, to the same result.
   *
   * @param bareNameIsPlanTable whether the plan's table name, unqualified, finds the plan's table
   *     in the session's search_path now
   */
  public Rewrite rewrite(String sql, boolean bareNameIsPlanTable) {
    Key key = new Key(sql, bareNameIsPlanTable);
    synchronized (cache) {
      Rewrite cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Rewrite r = new RewriteSession(plan, trusted, catalog, lookupIds, bareNameIsPlanTable).rewrite(sql);
    synchronized (cache) {
      cache.put(key, r);
    }
    return r;
  }
}
