package io.cutover.rewrite.plan;

import io.cutover.rewrite.lineage.LookupIds;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Lookup row ids by name, on a pooled connection (never the session's: a failure cannot abort the
 * user's transaction). Not cached here: the rewriter caches whole rewrites by query text.
 */
public final class LookupRowIds implements LookupIds {

  private final DataSource pool;

  public LookupRowIds(DataSource pool) {
    this.pool = pool;
  }

  /** One probe of the lookup's unique index on its value column; AccessShareLock only. */
  @Override
  public OptionalLong of(DimensionColumn d, String name) {
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
