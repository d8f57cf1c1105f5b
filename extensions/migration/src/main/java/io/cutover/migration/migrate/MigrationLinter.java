package io.cutover.migration.migrate;

import static io.cutover.migration.migrate.StatementWords.actions;
import static io.cutover.migration.migrate.StatementWords.contains;
import static io.cutover.migration.migrate.StatementWords.indexAtTopLevel;
import static io.cutover.migration.migrate.StatementWords.name;
import static io.cutover.migration.migrate.StatementWords.nameLength;
import static io.cutover.migration.migrate.StatementWords.names;
import static io.cutover.migration.migrate.StatementWords.normal;
import static io.cutover.migration.migrate.StatementWords.skip;
import static io.cutover.migration.migrate.StatementWords.starts;

import io.cutover.migration.state.CutoverSchema;
import io.cutover.shell.spi.SqlScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
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
      if (t.isEmpty()) {
        continue;
      }
      Findings found = (rule, subject) -> out.add(new LintFinding(file, s.line(), rule, subject));
      if (isTransactionControl(t)) {
        found.add(LintRule.TRANSACTION_CONTROL, "");
      } else if (starts(t, "CREATE", "TABLE") || starts(t, "CREATE", "UNLOGGED", "TABLE")) {
        int i = t.indexOf("TABLE") + 1;
        i = skip(t, i, "IF", "NOT", "EXISTS");
        // IF NOT EXISTS on a table that exists creates nothing: the rules still apply to it
        if (!exists(name(t, i))) {
          created.add(normal(name(t, i)));
        }
      } else if (starts(t, "ALTER", "TABLE")) {
        int i = skip(t, skip(t, 2, "IF", "EXISTS"), "ONLY");
        String table = name(t, i);
        boolean existing = isExisting(table, created);
        for (List<String> action : actions(t, i + nameLength(t, i))) {
          boolean notValid = contains(action, "NOT", "VALID");
          addedNotValid |= notValid;
          if (transactional && contains(action, "VALIDATE", "CONSTRAINT") && addedNotValid) {
            found.add(LintRule.VALIDATE_SAME_TRANSACTION, table);
          }
          if (existing) {
            lintAlterAction(action, notValid, table, found);
          }
        }
      } else if (starts(t, "CREATE", "INDEX") || starts(t, "CREATE", "UNIQUE", "INDEX")) {
        boolean concurrently = t.contains("CONCURRENTLY");
        int on = t.indexOf("ON");
        String table = on < 0 ? "" : name(t, skip(t, on + 1, "ONLY"));
        if (concurrently && transactional) {
          found.add(LintRule.CONCURRENTLY_IN_TRANSACTION, table);
        } else if (!concurrently && isExisting(table, created)) {
          found.add(LintRule.INDEX_CONCURRENTLY, table);
        }
      } else if (starts(t, "REINDEX") || starts(t, "DROP", "INDEX")) {
        if (t.contains("CONCURRENTLY") && transactional) {
          found.add(LintRule.CONCURRENTLY_IN_TRANSACTION, "");
        } else if (!t.contains("CONCURRENTLY") && t.get(0).equals("REINDEX")) {
          found.add(LintRule.REINDEX_CONCURRENTLY, "");
        }
      } else if (starts(t, "DROP", "TABLE")) {
        for (String table : names(t, skip(t, 2, "IF", "EXISTS"))) {
          if (isExisting(table, created)) {
            found.add(LintRule.DROP_TABLE, table);
          }
        }
      } else if (starts(t, "TRUNCATE")) {
        for (String table : names(t, skip(t, 1, "TABLE"))) {
          if (isExisting(table, created)) {
            found.add(LintRule.TRUNCATE, table);
          }
        }
      } else if (starts(t, "VACUUM") && isFull(t)) {
        found.add(LintRule.VACUUM_FULL, "");
      } else if (starts(t, "CLUSTER")) {
        found.add(LintRule.CLUSTER, "");
      } else if (isDml(dml(t)) && file.kind() == MigrationFile.Kind.SCHEMA) {
        List<String> d = dml(t);
        String table = name(d, skip(d, d.get(0).equals("UPDATE") ? 1 : 2, "ONLY"));
        if (indexAtTopLevel(d, "WHERE") < 0 && isExisting(table, created)) {
          found.add(LintRule.DML_WITHOUT_WHERE, table);
        }
      } else if (starts(t, "DO") || isRoutine(t)) {
        if (hidesDdl(s.sql())) {
          found.add(LintRule.HIDDEN_DDL, "");
        }
      }
    }
    return out;
  }

  /** Where a statement's findings go. */
  @FunctionalInterface
  private interface Findings {
    void add(LintRule rule, String subject);
  }

  /** One action of an ALTER TABLE on a table that exists now. */
  private void lintAlterAction(List<String> a, boolean notValid, String table, Findings found) throws SQLException {
    boolean adds = a.get(0).equals("ADD");
    if ((contains(a, "FOREIGN", "KEY") || a.contains("REFERENCES")) && !notValid) {
      found.add(LintRule.FK_NOT_VALID, table);
    }
    if (dropsColumn(a)) {
      found.add(LintRule.DROP_COLUMN, table);
    }
    if (contains(a, "SET", "DATA", "TYPE") || altersType(a)) {
      found.add(LintRule.COLUMN_TYPE, table);
    }
    if (contains(a, "SET", "NOT", "NULL")) {
      found.add(LintRule.SET_NOT_NULL, table);
    }
    if (adds && hasVolatileDefault(a)) {
      found.add(LintRule.VOLATILE_DEFAULT, table);
    }
    if (adds && (contains(a, "PRIMARY", "KEY") || a.contains("UNIQUE")) && !usesExistingIndex(a)) {
      found.add(LintRule.UNIQUE_WITHOUT_INDEX, table);
    }
    if (adds && a.contains("CHECK") && !notValid) {
      found.add(LintRule.CHECK_NOT_VALID, table);
    }
    if (adds && isRewritingColumn(a)) {
      found.add(LintRule.REWRITING_COLUMN, table);
    }
    if (a.get(0).equals("RENAME") && a.size() > 1 && !List.of("TO", "CONSTRAINT").contains(a.get(1))) {
      found.add(LintRule.RENAME_COLUMN, table);
    }
  }

  private boolean isExisting(String table, Set<String> created) throws SQLException {
    return !created.contains(normal(table)) && exists(table);
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
      if (t.get(i).equals("ALTER")) {
        int j = t.get(i + 1).equals("COLUMN") ? i + 3 : i + 2;
        if (j < t.size() && t.get(j).equals("TYPE")) {
          return true;
        }
      }
    }
    return false;
  }

  private static final Set<String> TRANSACTION_CONTROL = Set.of("BEGIN", "COMMIT", "END", "ROLLBACK", "ABORT",
      "SAVEPOINT", "RELEASE");
  private static final Set<String> SERIAL_TYPES = Set.of("SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2", "SERIAL4",
      "SERIAL8");
  /** Words that make a routine or DO body change the schema, or run SQL the linter cannot see. */
  private static final Set<String> HIDING = Set.of("CREATE", "ALTER", "DROP", "TRUNCATE", "REINDEX", "CLUSTER",
      "VACUUM", "EXECUTE");

  private static boolean isTransactionControl(List<String> t) {
    return TRANSACTION_CONTROL.contains(t.get(0)) || starts(t, "START", "TRANSACTION")
        || starts(t, "PREPARE", "TRANSACTION");
  }

  private static boolean isRoutine(List<String> t) {
    int i = skip(t, skip(t, 1, "OR", "REPLACE"), "TRUSTED");
    return t.get(0).equals("CREATE") && i < t.size() && List.of("FUNCTION", "PROCEDURE").contains(t.get(i));
  }

  /**
   * Whether a DO block or routine body (any quoted string of the statement) holds DDL or
   * EXECUTE, read with the same lexer: strings inside the body stay opaque.
   */
  private static boolean hidesDdl(String sql) {
    for (SqlScript.Token token : SqlScript.lex(sql)) {
      String text = token.text(sql);
      String body = switch (token.kind()) {
        case DOLLAR_STRING -> {
          int tag = text.indexOf('$', 1) + 1;
          yield text.substring(tag, Math.max(tag, text.length() - tag));
        }
        case STRING -> text.substring(1, Math.max(1, text.length() - 1)).replace("''", "'");
        default -> "";
      };
      if (SqlScript.tokens(body).stream().anyMatch(HIDING::contains)) {
        return true;
      }
    }
    return false;
  }

  /** {@code PRIMARY KEY USING INDEX i}, not {@code PRIMARY KEY (a) USING INDEX TABLESPACE t} (which builds one). */
  private static boolean usesExistingIndex(List<String> a) {
    int using = Collections.indexOfSubList(a, List.of("USING", "INDEX"));
    return using >= 0 && !(using + 2 < a.size() && a.get(using + 2).equals("TABLESPACE"));
  }

  /** {@code ADD [COLUMN] [IF NOT EXISTS] name type ...} with a type or clause that fills every existing row. */
  private static boolean isRewritingColumn(List<String> a) {
    int i = skip(a, skip(a, 1, "COLUMN"), "IF", "NOT", "EXISTS");
    if (i >= a.size() || List.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE").contains(a.get(i))) {
      return false;
    }
    int type = i + 1;
    return type < a.size() && SERIAL_TYPES.contains(a.get(type))
        || a.contains("GENERATED") && (a.contains("IDENTITY") || a.contains("STORED"));
  }

  /** {@code VACUUM FULL} or {@code VACUUM (..., FULL [true], ...)}. */
  private static boolean isFull(List<String> t) {
    if (starts(t, "VACUUM", "FULL")) {
      return true;
    }
    if (!starts(t, "VACUUM", "(")) {
      return false;
    }
    for (int i = 2; i < t.size() && !t.get(i).equals(")"); i++) {
      if (t.get(i).equals("FULL")) {
        return i + 1 >= t.size() || !List.of("FALSE", "OFF", "0").contains(t.get(i + 1));
      }
    }
    return false;
  }

  private static boolean isDml(List<String> t) {
    return starts(t, "UPDATE") || starts(t, "DELETE", "FROM");
  }

  /** The statement from its main verb: after the CTEs of {@code WITH ... UPDATE}, whose bodies are in parentheses. */
  private static List<String> dml(List<String> t) {
    if (!t.get(0).equals("WITH")) {
      return t;
    }
    int update = indexAtTopLevel(t, "UPDATE");
    int delete = indexAtTopLevel(t, "DELETE", "FROM");
    int verb = update < 0 ? delete : delete < 0 ? update : Math.min(update, delete);
    return verb < 0 ? t : t.subList(verb, t.size());
  }

}
