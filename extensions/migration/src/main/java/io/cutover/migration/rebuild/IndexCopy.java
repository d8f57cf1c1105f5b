package io.cutover.migration.rebuild;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An index of the table as the copy gets it: the same definition under a temporary name until the
 * swap renames it, and the PRIMARY KEY or UNIQUE constraint it backs, attached to the copy's index.
 *
 * @param oid the table's index
 * @param constraint 'p', 'u', or 0 when it backs no constraint
 * @param create CREATE INDEX on the copy
 */
record IndexCopy(long oid, String name, char constraint, boolean deferrable, boolean deferred, String create) {

  static List<IndexCopy> of(Connection c, ActivePlan active, RebuildSql sql) throws SQLException, CommandException {
    List<IndexCopy> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(RebuildSql.INDEXES)) {
      ps.setString(1, sql.copyName());
      ps.setLong(2, active.table().oid());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String create = rs.getString(6);
          if (create == null) {
            throw new CommandException("cannot read the definition of index " + rs.getString(2)
                + " in the form CREATE INDEX name ON table USING ...", "rebuild the table another way");
          }
          String con = rs.getString(3);
          out.add(new IndexCopy(rs.getLong(1), rs.getString(2), con == null ? 0 : con.charAt(0), rs.getBoolean(4),
              rs.getBoolean(5), create));
        }
      }
    }
    return out;
  }

  /** The temporary name on the copy. */
  String copyName() {
    return "cutover_rebuild_" + oid;
  }

  boolean existsOnCopy(Connection c, ActivePlan active) throws SQLException {
    return CutoverSchema.relationExists(c, Quoting.qualified(active.plan().schema(), copyName()));
  }

  /** The constraint on the copy's index (ACCESS EXCLUSIVE on the copy only; the index is built, so no scan). */
  List<String> attach(String qualifiedCopy) {
    if (constraint != 'p' && constraint != 'u') {
      return List.of();
    }
    return List.of("ALTER TABLE " + qualifiedCopy + " ADD CONSTRAINT " + Quoting.identifier(copyName())
        + (constraint == 'p' ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " + Quoting.identifier(copyName())
        + (deferrable ? " DEFERRABLE" : "") + (deferred ? " INITIALLY DEFERRED" : ""));
  }
}
