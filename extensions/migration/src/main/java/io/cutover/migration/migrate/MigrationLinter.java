package io.cutover.migration.migrate;

import io.cutover.migration.state.CutoverSchema;
import io.cutover.shell.spi.SqlScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the statements of pending migrations that lock a busy table for long (see
 * {@link LintRule}). "Existing table" means it exists now and is not created earlier in the
 * same file: a table created in the migration has no traffic to block.
 */
public final class MigrationLinter {

  private static final String VOLATILE = "SELECT coalesce(bool_or(provolatile = 'v'), false) FROM pg_catalog.pg_proc WHERE proname = ?";

  private final Connection connection;

  public MigrationLinter(Connection connection) {
    this.connection = connection;
  }

  public List<LintFinding> lint(List<MigrationFile> files) throws SQLException {
    List<LintFinding> out = new ArrayList<>();
    for (MigrationFile f : files) {
      out.addAll(lint(f));
    }
    return out;
  }

  List<LintFinding> lint(MigrationFile file) throws SQLException {
    List<LintFinding> out = new ArrayList<>();
    Set<String> created = new HashSet<>();
    boolean transactional = file.mode() == MigrationFile.TxMode.TRANSACTIONAL;
    boolean addedNotValid = false;
    for (SqlScript.Statement s : file.statements()) {
      List<String> t = SqlScript.tokens(s.sql());
      if (t.size() < 2) {
        continue;
      }
      if (starts(t, "CREATE", "TABLE") || starts(t, "CREATE", "UNLOGGED", "TABLE")) {
        int i = t.indexOf("TABLE") + 1;
        i = skip(t, i, "IF", "NOT", "EXISTS");
        created.add(normal(name(t, i)));
      } else if (starts(t, "ALTER", "TABLE")) {
        int i = skip(t, skip(t, 2, "IF", "EXISTS"), "ONLY");
        String table = name(t, i);
        boolean existing = !created.contains(normal(table)) && exists(table);
        boolean notValid = contains(t, "NOT", "VALID");
        addedNotValid |= notValid;
        if (existing && (contains(t, "FOREIGN", "KEY") || t.contains("REFERENCES")) && !notValid) {
          out.add(new LintFinding(file, s.line(), LintRule.FK_NOT_VALID, table));
        }
        if (transactional && contains(t, "VALIDATE", "CONSTRAINT") && addedNotValid) {
          out.add(new LintFinding(file, s.line(), LintRule.VALIDATE_SAME_TRANSACTION, table));
        }
        if (existing && dropsColumn(t)) {
          out.add(new LintFinding(file, s.line(), LintRule.DROP_COLUMN, table));
        }
        if (existing && (contains(t, "SET", "DATA", "TYPE") || altersType(t))) {
          out.add(new LintFinding(file, s.line(), LintRule.COLUMN_TYPE, table));
        }
        if (existing && contains(t, "SET", "NOT", "NULL")) {
          out.add(new LintFinding(file, s.line(), LintRule.SET_NOT_NULL, table));
        }
        if (existing && t.contains("ADD") && hasVolatileDefault(t)) {
          out.add(new LintFinding(file, s.line(), LintRule.VOLATILE_DEFAULT, table));
        }
      } else if (starts(t, "CREATE", "INDEX") || starts(t, "CREATE", "UNIQUE", "INDEX")) {
        boolean concurrently = t.contains("CONCURRENTLY");
        int on = t.indexOf("ON");
        String table = on < 0 ? "" : name(t, skip(t, on + 1, "ONLY"));
        if (concurrently && transactional) {
          out.add(new LintFinding(file, s.line(), LintRule.CONCURRENTLY_IN_TRANSACTION, table));
        } else if (!concurrently && !created.contains(normal(table)) && exists(table)) {
          out.add(new LintFinding(file, s.line(), LintRule.INDEX_CONCURRENTLY, table));
        }
      } else if ((starts(t, "DROP", "INDEX") || starts(t, "REINDEX")) && t.contains("CONCURRENTLY") && transactional) {
        out.add(new LintFinding(file, s.line(), LintRule.CONCURRENTLY_IN_TRANSACTION, ""));
      }
    }
    return out;
  }

  private boolean exists(String table) throws SQLException {
    if (table.isEmpty()) {
      return false;
    }
    try {
      return CutoverSchema.relationExists(connection, table);
    } catch (SQLException e) {
      return false; // not a valid name: the migration itself will say so when it runs
    }
  }

  /** Function calls between DEFAULT and the end of that column definition, any of them volatile. */
  private boolean hasVolatileDefault(List<String> t) throws SQLException {
    for (int i = t.indexOf("DEFAULT"); i >= 0 && i < t.size(); i++) {
      if (t.get(i).equals(",")) {
        int next = t.subList(i, t.size()).indexOf("DEFAULT");
        if (next < 0) {
          return false;
        }
        i += next;
        continue;
      }
      if (i + 1 < t.size() && t.get(i + 1).equals("(") && Character.isLetter(t.get(i).charAt(0))
          && isVolatile(t.get(i).toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private boolean isVolatile(String function) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(VOLATILE)) {
      ps.setString(1, function);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static boolean dropsColumn(List<String> t) {
    for (int i = 0; i + 1 < t.size(); i++) {
      if (t.get(i).equals("DROP") && !List.of("CONSTRAINT", "DEFAULT", "NOT", "IDENTITY", "EXPRESSION").contains(t.get(i + 1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean altersType(List<String> t) {
    for (int i = 0; i + 2 < t.size(); i++) {
      if (t.get(i).equals("ALTER") && i > 0) {
        int j = t.get(i + 1).equals("COLUMN") ? i + 3 : i + 2;
        if (j < t.size() && t.get(j).equals("TYPE")) {
          return true;
        }
      }
    }
    return false;
  }

  /** A possibly qualified name starting at {@code i}, as written ({@code public.heartbeats}, {@code "Odd"}). */
  private static String name(List<String> t, int i) {
    if (i >= t.size()) {
      return "";
    }
    StringBuilder n = new StringBuilder(t.get(i));
    while (i + 2 < t.size() && t.get(i + 1).equals(".")) {
      n.append('.').append(t.get(i + 2));
      i += 2;
    }
    return n.toString();
  }

  private static String normal(String name) {
    String last = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
    return last.startsWith("\"") ? last : last.toUpperCase(Locale.ROOT);
  }

  private static int skip(List<String> t, int i, String... words) {
    for (int k = 0; k < words.length; k++) {
      if (i + k >= t.size() || !t.get(i + k).equals(words[k])) {
        return i;
      }
    }
    return i + words.length;
  }

  private static boolean starts(List<String> t, String... words) {
    return skip(t, 0, words) == words.length;
  }

  private static boolean contains(List<String> t, String... words) {
    for (int i = 0; i + words.length <= t.size(); i++) {
      if (skip(t, i, words) == i + words.length) {
        return true;
      }
    }
    return false;
  }
}
