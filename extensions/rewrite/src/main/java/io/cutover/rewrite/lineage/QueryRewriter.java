package io.cutover.rewrite.lineage;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.plan.DimensionColumn;
import io.cutover.rewrite.plan.RewritePlan;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Rewrites read queries over the plan's table so that they read the FK columns and the lookup
 * tables instead of the dimension strings, for the dimensions it is told to trust. Works on
 * Calcite's SqlNode tree (no schema, no validation: PostgreSQL's functions pass through as they
 * are) and carries "this column now holds ids of X" up through derived tables and CTEs. Queries
 * it cannot rewrite exactly are returned unchanged with the reason.
 *
 * <p>Results are cached by query text: applications repeat the same parameterised SQL. A cached
 * rewrite is used again only while what it read still holds: each table's columns (an ALTER TABLE
 * since changes them) and each lookup id it wrote in (a lookup row deleted and inserted again has
 * another).
 *
 * <p>An unqualified name is the plan's table only when the session's search_path finds the plan's
 * table by it: a table of that name in another schema (a schema per tenant) is another table.
 */
public final class QueryRewriter {

  private static final int CACHE_SIZE = 512;

  private final RewritePlan plan;
  private final Map<String, DimensionColumn> trusted = new HashMap<>();
  private final LookupIds lookupIds;

  /** A query's text, and whether its bare table name meant the plan's table when it was rewritten. */
  private record Key(String sql, boolean bareNameIsPlanTable) {
  }

  /** A rewrite and what it read of the live database, to check before it is used again. */
  private record Cached(Rewrite rewrite, Map<List<String>, Optional<List<String>>> columns,
      List<LookupIds.Read> ids) {
  }

  /** Guarded by itself; each rewrite runs outside the lock, in a session of its own. */
  private final Map<Key, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  /** @param trustedColumns the dimensions whose FKs are verified; the others are left as strings */
  public QueryRewriter(RewritePlan plan, Set<String> trustedColumns, LookupIds lookupIds) {
    this.plan = plan;
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
   * @param catalog the tables as the session sees them now
   */
  public Rewrite rewrite(String sql, boolean bareNameIsPlanTable, TableColumns catalog) {
    Key key = new Key(sql, bareNameIsPlanTable);
    Cached cached;
    synchronized (cache) {
      cached = cache.get(key);
    }
    if (cached != null && catalog.unchanged(cached.columns()) && lookupIds.unchanged(cached.ids())) {
      return cached.rewrite();
    }
    Map<List<String>, Optional<List<String>>> columns = new ConcurrentHashMap<>();
    List<LookupIds.Read> ids = new CopyOnWriteArrayList<>();
    TableColumns reading = new TableColumns() {
      @Override
      public Optional<List<String>> of(List<String> qualifiedName) {
        return columns.computeIfAbsent(List.copyOf(qualifiedName), catalog::of);
      }

      @Override
      public List<IndexLead> indexes(List<String> qualifiedName) {
        return catalog.indexes(qualifiedName);
      }

      @Override
      public boolean isViewOf(List<String> name, List<String> table) {
        return catalog.isViewOf(name, table);
      }
    };
    LookupIds looking = (d, name) -> {
      OptionalLong id = lookupIds.of(d, name);
      ids.add(new LookupIds.Read(d, name, id));
      return id;
    };
    Rewrite r = new RewriteSession(plan, trusted, reading, looking, bareNameIsPlanTable).rewrite(sql);
    synchronized (cache) {
      cache.put(key, new Cached(r, Map.copyOf(columns), List.copyOf(ids)));
    }
    return r;
  }
}
