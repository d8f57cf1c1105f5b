package io.cutover.shell.catalog;

import io.cutover.shell.session.SqlExecutor;
import io.cutover.shell.spi.ResultTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Answers the describe commands from the catalog, on the session's connection. */
public final class CatalogReader {

  private final Connection connection;

  public CatalogReader(Connection connection) {
    this.connection = connection;
  }

  /**
   * What the describe commands show beyond the basics: psql's {@code +} modifier, and its
   * HIDE_TABLEAM and HIDE_TOAST_COMPRESSION variables.
   */
  public record Detail(boolean verbose, boolean hideTableAm, boolean hideCompression) {
  }

  /** {@code \dt}, {@code \di}, ...: relations of the given kinds ('r', 'p', 'v', 'i', ...). */
  public ResultTable relations(List<String> relkinds, NamePattern pattern, Detail detail) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.RELATIONS)) {
      ps.setArray(1, connection.createArrayOf("text", relkinds.toArray()));
      bindPair(ps, 2, pattern.schemaRegex().orElse(null));
      bindPair(ps, 4, pattern.nameRegex().orElse(null));
      ResultTable t = query(ps);
      boolean indexes = relkinds.contains("i");
      boolean accessMethod = detail.verbose() && !detail.hideTableAm()
          && (indexes || relkinds.contains("r") || relkinds.contains("m"));
      // Schema, Name, Type, Owner, Table, Persistence, Access method, Size, Description
      List<String> shown = new ArrayList<>(List.of("Schema", "Name", "Type", "Owner"));
      if (indexes) {
        shown.add("Table");
      }
      if (detail.verbose()) {
        shown.add("Persistence");
        if (accessMethod) {
          shown.add("Access method");
        }
        shown.addAll(List.of("Size", "Description"));
      }
      return keepColumns(t, shown).withTitle("List of relations");
    }
  }

  public ResultTable schemas(NamePattern pattern) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.SCHEMAS)) {
      bindPair(ps, 1, pattern.nameRegex().orElse(null));
      return query(ps).withTitle("List of schemas");
    }
  }

  public ResultTable databases(NamePattern pattern) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.DATABASES)) {
      bindPair(ps, 1, pattern.nameRegex().orElse(null));
      return query(ps).withTitle("List of databases");
    }
  }

  /** {@code \d NAME}: one table per matching relation, its footer listing indexes, constraints and triggers. */
  public List<ResultTable> describe(NamePattern pattern, Detail detail) throws SQLException {
    List<ResultTable> out = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.RELATIONS_TO_DESCRIBE)) {
      bindPair(ps, 1, pattern.schemaRegex().orElse(null));
      ps.setString(3, pattern.nameRegex().orElse("^(.*)$"));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(4).equals("S")
              ? describeSequence(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(5).equals("u"))
              : describeOne(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(6),
                  detail));
        }
      }
    }
    return out;
  }

  /** {@code \df[anptw]}: functions of some kinds (none: all) matching a pattern and argument type patterns. */
  public ResultTable functions(List<String> kinds, NamePattern pattern, List<String> argumentTypes)
      throws SQLException {
    List<Boolean> none = argumentTypes.stream().map("-"::equals).toList();
    try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.functions(none))) {
      ps.setArray(1, connection.createArrayOf("text", kinds.toArray()));
      bindPair(ps, 2, pattern.schemaRegex().orElse(null));
      bindPair(ps, 4, pattern.nameRegex().orElse(null));
      bindTypes(ps, 6, argumentTypes);
      return query(ps).withTitle("List of functions");
    }
  }

  /** {@code \do}: operators matching a pattern and up to two argument type patterns (left, right). */
  public ResultTable operators(NamePattern pattern, List<String> argumentTypes) throws SQLException {
    List<Boolean> none = argumentTypes.stream().map("-"::equals).toList();
    try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.operators(none))) {
      bindPair(ps, 1, pattern.schemaRegex().orElse(null));
      bindPair(ps, 3, pattern.nameRegex().orElse(null));
      bindTypes(ps, 5, argumentTypes);
      return query(ps).withTitle("List of operators");
    }
  }

  private static void bindTypes(PreparedStatement ps, int first, List<String> argumentTypes) throws SQLException {
    int index = first;
    for (String type : argumentTypes) {
      if (!type.equals("-")) {
        NamePattern p = NamePattern.parse(type);
        String name = p.nameRegex().orElse(null);
        ps.setString(index++, name);
        ps.setString(index++, name);
        ps.setString(index++, name);
        bindPair(ps, index, p.schemaRegex().orElse(null));
        index += 2;
      }
    }
  }

  /** {@code \dconfig[+]}: configuration parameters matching a pattern, or those not at their default. */
  public ResultTable settings(NamePattern pattern, boolean verbose) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        verbose ? CatalogQueries.SETTINGS_VERBOSE : CatalogQueries.SETTINGS)) {
      bindPair(ps, 1, pattern.nameRegex().orElse(null));
      return query(ps).withTitle(pattern.nameRegex().isPresent() ? "List of configuration parameters"
          : "List of non-default configuration parameters");
    }
  }

  /**
   * {@code \sf}: the CREATE statement of the function {@code name} names: a name (unique among
   * functions) or a signature with argument types, as psql looks it up.
   */
  public String functionSource(String name) throws SQLException {
    String sql = name.indexOf('(') >= 0 ? CatalogQueries.FUNCTION_SOURCE_BY_SIGNATURE : CatalogQueries.FUNCTION_SOURCE;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** A sequence as psql shows it: its settings in one row, the column that owns it in the footer. */
  private ResultTable describeSequence(long oid, String schema, String name, boolean unlogged) throws SQLException {
    ResultTable settings;
    try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.SEQUENCE)) {
      ps.setLong(1, oid);
      settings = query(ps);
    }
    String footer = "";
    try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.SEQUENCE_OWNER)) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          footer = (rs.getString(2).equals("i") ? "Sequence for identity column: " : "Owned by: ") + rs.getString(1);
        }
      }
    }
    String kind = unlogged ? "Unlogged sequence" : "Sequence";
    return settings.withTitle(kind + " \"" + schema + "." + name + "\"").withFooter(footer);
  }

  private ResultTable describeOne(long oid, String schema, String name, String relkind, String accessMethod,
                                  Detail detail) throws SQLException {
    ResultTable columns;
    try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.COLUMNS)) {
      ps.setLong(1, oid);
      columns = query(ps);
    }
    boolean table = List.of("r", "p", "m", "f").contains(relkind);
    List<String> shown = new ArrayList<>(List.of("Column", "Type", "Collation", "Nullable", "Default"));
    if (detail.verbose()) {
      shown.add("Storage");
      if (table && !detail.hideCompression()) {
        shown.add("Compression");
      }
      shown.addAll(List.of("Stats target", "Description"));
    }
    columns = keepColumns(columns, shown);
    StringBuilder footer = new StringBuilder();
    if (relkind.equals("t")) {
      // psql shows a TOAST table's columns by name and type only, and the table it belongs to.
      columns = keepColumns(columns, List.of("Column", "Type"));
      lines(CatalogQueries.TOAST_OWNER, oid, null).forEach(o -> footer.append("Owning table: ").append(o).append('\n'));
    }
    section(footer, "Indexes:", lines(CatalogQueries.INDEXES, oid, null));
    section(footer, "Check constraints:", lines(CatalogQueries.CONSTRAINTS, oid, "c"));
    section(footer, "Foreign-key constraints:", lines(CatalogQueries.CONSTRAINTS, oid, "f"));
    section(footer, "Referenced by:", lines(CatalogQueries.REFERENCED_BY, oid, null));
    section(footer, "Triggers:", lines(CatalogQueries.TRIGGERS, oid, null));
    if (detail.verbose() && accessMethod != null && !detail.hideTableAm()) {
      footer.append("Access method: ").append(accessMethod).append('\n');
    }
    String kind = switch (relkind) {
      case "v" -> "View";
      case "m" -> "Materialized view";
      case "i", "I" -> "Index";
      case "S" -> "Sequence";
      case "p" -> "Partitioned table";
      case "t" -> "TOAST table";
      default -> "Table";
    };
    String foot = footer.isEmpty() ? "" : footer.toString().stripTrailing();
    return columns.withTitle(kind + " \"" + schema + "." + name + "\"").withFooter(foot);
  }

  private List<String> lines(String sql, long oid, String kind) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, oid);
      if (kind != null) {
        ps.setString(2, kind);
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  private static void section(StringBuilder footer, String heading, List<String> lines) {
    if (!lines.isEmpty()) {
      footer.append(heading).append('\n');
      lines.forEach(l -> footer.append(l).append('\n'));
    }
  }

  private static void bindPair(PreparedStatement ps, int index, String value) throws SQLException {
    ps.setString(index, value);
    ps.setString(index + 1, value);
  }

  private static ResultTable query(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return SqlExecutor.table(rs);
    }
  }

  /** The table with only the columns named, in their order. */
  private static ResultTable keepColumns(ResultTable t, List<String> names) {
    List<Integer> indexes = new ArrayList<>(names.size());
    for (int c = 0; c < t.columns().size(); c++) {
      if (names.contains(t.columns().get(c).name())) {
        indexes.add(c);
      }
    }
    List<ResultTable.Column> columns = indexes.stream().map(t.columns()::get).toList();
    List<List<String>> rows = t.rows().stream().map(r -> indexes.stream().map(r::get).toList()).toList();
    return new ResultTable(t.title(), columns, rows, t.footer());
  }
}
