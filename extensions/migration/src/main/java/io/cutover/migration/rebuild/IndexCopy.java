package io.cutover.migration.rebuild;

import io.cutover.migration.state.CutoverSchema;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An index of the table as the copy gets it: the same definition under a temporary name until the
 * swap renames it, and the PRIMARY KEY or UNIQUE constraint it backs, attached to the copy's index.
 * On a copy partitioned by a column, a unique key includes that column (PostgreSQL enforces
 * uniqueness per partition only), and a constraint is added with its columns (a partitioned table
 * takes no {@code ADD CONSTRAINT ... USING INDEX}).
 *
 * @param oid the table's index
 * @param constraint 'p', 'u', or 0 when it backs no constraint
 * @param plain whether its key is plain columns in ascending order, nothing else
 * @param columns its key columns (for a plain key)
 * @param create CREATE INDEX on the copy
 * @param predicate a partial index's WHERE condition as the server prints it, or null
 */
record IndexCopy(long oid, String name, char constraint, boolean deferrable, boolean deferred, boolean unique,
                 boolean plain, List<String> columns, String create, String predicate) {

  static List<IndexCopy> of(Connection c, RebuildTarget target, RebuildSql sql) throws SQLException, CommandException {
    List<IndexCopy> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(RebuildSql.INDEXES)) {
      ps.setString(1, sql.copyName());
      ps.setLong(2, target.oid());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String create = rs.getString(8);
          if (create == null) {
            throw new CommandException("cannot read the definition of index " + rs.getString(2)
                + " in the form CREATE INDEX name ON table USING ...", "rebuild the table another way");
          }
          String con = rs.getString(3);
          out.add(new IndexCopy(rs.getLong(1), rs.getString(2), con == null ? 0 : con.charAt(0), rs.getBoolean(4),
              rs.getBoolean(5), create.startsWith("CREATE UNIQUE"), rs.getBoolean(6),
              List.of((String[]) rs.getArray(7).getArray()), create, rs.getString(9)));
        }
      }
    }
    return out;
  }

  /** The temporary name on the copy. */
  String copyName() {
    return "cutover_rebuild_" + oid;
  }

  boolean existsOnCopy(Connection c, RebuildTarget target) throws SQLException {
    return CutoverSchema.relationExists(c, target.inSchema(copyName()));
  }

  /**
   * The statements that build it on the copy: only the copy is locked (ACCESS EXCLUSIVE for the
   * constraint, which has its index built, so no scan on a plain copy).
   */
  List<String> build(String qualifiedCopy, Optional<String> partitionColumn) {
    if (partitionColumn.isEmpty() || !unique) {
      List<String> out = new ArrayList<>(List.of(create));
      if (constraint == 'p' || constraint == 'u') {
        out.add("ALTER TABLE " + qualifiedCopy + " ADD CONSTRAINT " + Quoting.identifier(copyName()) + kind()
            + " USING INDEX " + Quoting.identifier(copyName()) + deferral());
      }
      return out;
    }
    String key = " (" + String.join(", ", keyWith(partitionColumn.get()).stream().map(Quoting::identifier).toList()) + ")";
    if (constraint == 'p' || constraint == 'u') {
      return List.of("ALTER TABLE " + qualifiedCopy + " ADD CONSTRAINT " + Quoting.identifier(copyName()) + kind() + key
          + deferral());
    }
    return List.of("CREATE UNIQUE INDEX " + Quoting.identifier(copyName()) + " ON " + qualifiedCopy + key
        + (predicate == null ? "" : " WHERE " + predicate));
  }

  /** Its key on a copy partitioned by {@code column}: the column added at the end when missing. */
  List<String> keyWith(String column) {
    List<String> key = new ArrayList<>(columns);
    if (!key.contains(column)) {
      key.add(column);
    }
    return key;
  }

  /** How it changes on a copy partitioned by {@code column}, in words, if it does: what the user is told first. */
  Optional<String> widening(String column) {
    if (!unique || columns.contains(column)) {
      return Optional.empty();
    }
    String what = constraint == 'p' ? "PRIMARY KEY" : constraint == 'u' ? "UNIQUE constraint" : "unique index";
    return Optional.of(what + " " + name + " (" + String.join(", ", columns) + ") becomes ("
        + String.join(", ", keyWith(column)) + ")");
  }

  private String kind() {
    return constraint == 'p' ? " PRIMARY KEY" : " UNIQUE";
  }

  private String deferral() {
    return (deferrable ? " DEFERRABLE" : "") + (deferred ? " INITIALLY DEFERRED" : "");
  }
}
