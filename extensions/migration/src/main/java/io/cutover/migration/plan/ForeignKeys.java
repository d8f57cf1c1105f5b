package io.cutover.migration.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The FK constraints the expand step adds: one per dimension, from its FK column to its lookup's id. */
public final class ForeignKeys {

  /** A dimension's FK constraint: its name, and whether VALIDATE has checked every row. */
  public record Constraint(String name, boolean isValid) {
  }

  /** The single-column FK on a column to a table; params: table oid, column name, referenced table. */
  private static final String CONSTRAINT = """
      SELECT con.conname, con.convalidated FROM pg_catalog.pg_constraint con
      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
      WHERE con.conrelid = ? AND con.contype = 'f' AND array_length(con.conkey, 1) = 1 AND a.attname = ?
        AND con.confrelid = to_regclass(?)
      """;

  private ForeignKeys() {
  }

  public static Optional<Constraint> of(Connection c, ActivePlan active, Dimension d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CONSTRAINT)) {
      ps.setLong(1, active.table().oid());
      ps.setString(2, d.fk());
      ps.setString(3, active.qualifiedLookup(d));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Constraint(rs.getString(1), rs.getBoolean(2))) : Optional.empty();
      }
    }
  }

  /** The first dimension whose FK constraint is missing or not yet valid, or empty when all are valid. */
  public static Optional<Dimension> firstNotValid(Connection c, ActivePlan active) throws SQLException {
    for (Dimension d : active.plan().dimensions()) {
      if (!of(c, active, d).map(Constraint::isValid).orElse(false)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
