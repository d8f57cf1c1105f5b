package io.cutover.migration.contract;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What depends on a column, from pg_depend: views and rules, indexes, triggers, constraints,
 * statistics, policies, and publications that list the column. Dropping it would drop them or fail.
 */
final class ColumnDependents {

  /** Params: table oid, column name; then table oid, column name for publications. */
  private static final String DEPENDENTS = """
      SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = ? AND a.attname = ?
        AND d.deptype IN ('n', 'a')
      UNION ALL
      SELECT 'publication ' || p.pubname
      FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
      JOIN pg_catalog.pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs)
      WHERE pr.prrelid = ? AND a.attname = ?
      ORDER BY 1
      """;

  private ColumnDependents() {
  }

  static List<String> of(Connection c, long table, String column) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(DEPENDENTS)) {
      ps.setLong(1, table);
      ps.setString(2, column);
      ps.setLong(3, table);
      ps.setString(4, column);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
