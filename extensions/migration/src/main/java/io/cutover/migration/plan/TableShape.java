package io.cutover.migration.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A table as the catalog has it: columns with their types and collations, and its unique keys. */
public record TableShape(long oid, String schema, String name, char kind, Map<String, Column> columns,
                         List<List<String>> uniqueKeys) {

  /** pg_class.relkind of a partitioned table. */
  public static final char PARTITIONED = 'p';


  /**
   * @param type the declared type, as format_type writes it ({@code character varying})
   * @param category pg_type.typcategory: 'S' string, 'N' numeric, 'U' user (uuid), ...
   * @param collation the column's collation when it is not its type's default, quoted, or null
   * @param nondeterministic the column's collation, quoted, when it compares different spellings as equal
   */
  public record Column(String name, String type, char category, boolean notNull, String collation, String baseType,
                       Optional<String> nondeterministic) {
    public boolean isString() {
      return category == 'S';
    }

    /**
     * Why two different spellings of this column can compare equal (citext, a nondeterministic
     * collation), or empty when equal values are equal bytes.
     */
    public Optional<String> caseInsensitivity() {
      if (baseType.equals("citext")) {
        return Optional.of("its type citext compares 'Ruby' and 'ruby' as equal");
      }
      return nondeterministic.map(c -> "its collation " + c + " is nondeterministic: it compares some different spellings as equal");
    }

    /** The type with its collation, as a column definition needs it. */
    public String typeWithCollation() {
      return collation == null ? type : type + " COLLATE " + collation;
    }
  }

  public Optional<Column> column(String column) {
    return Optional.ofNullable(columns.get(column));
  }

  public boolean hasUniqueKey(List<String> key) {
    return uniqueKeys.stream().anyMatch(k -> k.size() == key.size() && k.containsAll(key));
  }

  /** The table, or empty when there is no table of that name in that schema. */
  public static Optional<TableShape> read(Connection c, String schema, String table) throws SQLException {
    long oid;
    char kind;
    try (PreparedStatement ps = c.prepareStatement(CatalogSql.TABLE)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !"rp".contains(rs.getString(2))) {
          return Optional.empty();
        }
        oid = rs.getLong(1);
        kind = rs.getString(2).charAt(0);
      }
    }
    Map<String, Column> columns = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(CatalogSql.COLUMNS)) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1), new Column(rs.getString(1), rs.getString(2), rs.getString(3).charAt(0),
              rs.getBoolean(4), rs.getString(5), rs.getString(6), Optional.ofNullable(rs.getString(7))));
        }
      }
    }
    List<List<String>> keys = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CatalogSql.UNIQUE_KEYS)) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(Arrays.asList((String[]) rs.getArray(1).getArray()));
        }
      }
    }
    return Optional.of(new TableShape(oid, schema, table, kind, columns, keys));
  }
}
