package io.cutover.rewrite.plan;

import io.cutover.rewrite.lineage.LookupIds;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Lookup row ids by name, on a pooled connection (never the session's: a failure cannot abort the
 * user's transaction). A small lookup is read whole the first time one of its names is asked for,
 * so that later rewrites pay no round trip (a warm rewrite must stay within a few milliseconds); a
 * name it does not hold is asked for alone, since it may have been inserted since. Known ids are
 * kept while they hold: a lookup row deleted and inserted again has a new id, which {@link
 * #unchanged} finds (one query a lookup) before a rewrite holding the old one is used again.
 */
public final class LookupRowIds implements LookupIds {

  /** Lookups with more rows than this are asked name by name. */
  private static final int READ_WHOLE_UP_TO = 10_000;

  private final DataSource pool;
  private final Map<String, Map<String, Long>> known = new ConcurrentHashMap<>();

  public LookupRowIds(DataSource pool) {
    this.pool = pool;
  }

  @Override
  public OptionalLong of(DimensionColumn d, String name) {
    Map<String, Long> ids = known.computeIfAbsent(key(d), k -> readWhole(d));
    Long id = ids.get(name);
    if (id == null) {
      OptionalLong read = readOne(d, name);
      read.ifPresent(value -> ids.put(name, value));
      return read;
    }
    return OptionalLong.of(id);
  }

  /**
   * The names' ids read again, one query a lookup, through the same equality as {@link #readOne}; a
   * lookup whose ids changed (or cannot be read) is forgotten, to be read again whole.
   */
  @Override
  public boolean unchanged(List<Read> reads) {
    Map<DimensionColumn, Map<String, Long>> asked = new HashMap<>();
    for (Read r : reads) {
      r.id().ifPresent(id -> asked.computeIfAbsent(r.dimension(), k -> new HashMap<>()).put(r.name(), id));
    }
    boolean same = true;
    for (Map.Entry<DimensionColumn, Map<String, Long>> e : asked.entrySet()) {
      if (!e.getValue().equals(readMany(e.getKey(), e.getValue().keySet()))) {
        known.remove(key(e.getKey()));
        same = false;
      }
    }
    return same;
  }

  private static String key(DimensionColumn d) {
    return d.lookupSchema() + "." + d.lookup();
  }

  /** The ids of {@code names} that have a row; empty when the lookup cannot be read. AccessShareLock only. */
  private Map<String, Long> readMany(DimensionColumn d, Set<String> names) {
    String sql = "SELECT x.name, l.\"id\" FROM unnest(?) AS x(name) JOIN "
        + Quoting.qualified(d.lookupSchema(), d.lookup()) + " AS l ON l." + Quoting.identifier(d.valueColumn()) + " = x.name";
    Map<String, Long> out = new HashMap<>();
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("varchar", names.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    } catch (SQLException e) {
      return Map.of();
    }
    return out;
  }

  /** The whole lookup, or an empty map to fill name by name when it is too big; AccessShareLock only. */
  private Map<String, Long> readWhole(DimensionColumn d) {
    Map<String, Long> ids = new ConcurrentHashMap<>();
    String sql = "SELECT \"id\", " + Quoting.identifier(d.valueColumn()) + " FROM "
        + Quoting.qualified(d.lookupSchema(), d.lookup()) + " LIMIT " + (READ_WHOLE_UP_TO + 1);
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      Map<String, Long> read = new HashMap<>();
      while (rs.next()) {
        read.put(rs.getString(2), rs.getLong(1));
      }
      if (read.size() <= READ_WHOLE_UP_TO) {
        ids.putAll(read);
      }
    } catch (SQLException e) {
      // Name by name, then: each miss asks again.
    }
    return ids;
  }

  /** One probe of the lookup's unique index on its value column; AccessShareLock only. */
  private OptionalLong readOne(DimensionColumn d, String name) {
    String sql = "SELECT \"id\" FROM " + Quoting.qualified(d.lookupSchema(), d.lookup()) + " WHERE "
        + Quoting.identifier(d.valueColumn()) + " = ?";
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    } catch (SQLException e) {
      return OptionalLong.empty();
    }
  }
}
