package io.cutover.migration.partition;

import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.plan.TableShape;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** A table as the user named it, found as SQL finds it (search_path for a bare name), partitioned or not. */
record Named(long oid, PlanTable table, boolean partitioned) {

  /** The name {@code typed} means, quoted for to_regclass; refused when it is no name. */
  static String regclassText(String typed) throws CommandException {
    List<String> parts = Quoting.parseName(typed);
    if (parts.isEmpty() || parts.size() > 2) {
      throw new CommandException("\"" + typed + "\" is not a table name", "name it as SQL does: TABLE or SCHEMA.TABLE");
    }
    return parts.size() == 1 ? Quoting.identifier(parts.get(0)) : Quoting.qualified(parts.get(0), parts.get(1));
  }

  static Named resolve(Connection c, String typed) throws SQLException, CommandException {
    try (PreparedStatement ps = c.prepareStatement(PartitionSql.TABLE)) {
      ps.setString(1, regclassText(typed));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !"rp".contains(rs.getString(4))) {
          throw new CommandException("no table " + typed + " (search_path: as SQL would find it)",
              "name it with its schema: \\partition ... SCHEMA.TABLE");
        }
        return new Named(rs.getLong(1), new PlanTable(rs.getString(2), rs.getString(3)), rs.getString(4).equals("p"));
      }
    }
  }

  /** Its columns and keys as the catalog has them now. */
  TableShape shape(Connection c) throws SQLException, CommandException {
    return TableShape.read(c, table.schema(), table.name()).orElseThrow(() -> new CommandException(
        "the table " + table + " is gone", "name a table that exists"));
  }
}
