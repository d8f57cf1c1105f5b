package io.cutover.shell.repl;

import java.util.Set;

/** The SQL words completion offers and the highlighter marks. */
final class SqlKeywords {

  static final Set<String> ALL = Set.of(
      "ABORT", "ADD", "ALL", "ALTER", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "BEGIN", "BETWEEN", "BIGINT",
      "BOOLEAN", "BY", "CALL", "CASCADE", "CASE", "CAST", "CHECK", "CLUSTER", "COALESCE", "COLLATE", "COLUMN",
      "COMMENT", "COMMIT", "CONCURRENTLY", "CONFLICT", "CONSTRAINT", "COPY", "COUNT", "CREATE", "CROSS", "CURRENT_DATE",
      "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DO", "DROP", "ELSE", "END", "EXCEPT",
      "EXISTS", "EXPLAIN", "EXTENSION", "FALSE", "FETCH", "FILTER", "FIRST", "FOR", "FOREIGN", "FROM", "FULL",
      "FUNCTION", "GRANT", "GROUP", "HAVING", "IF", "ILIKE", "IN", "INDEX", "INNER", "INSERT", "INTEGER", "INTERSECT",
      "INTERVAL", "INTO", "IS", "JOIN", "JSONB", "KEY", "LATERAL", "LEFT", "LIKE", "LIMIT", "LOCK", "MATERIALIZED",
      "NOT", "NOTHING", "NULL", "NULLIF", "NULLS", "OFFSET", "ON", "ONLY", "OR", "ORDER", "OUTER", "OVER", "PARTITION",
      "PRIMARY", "PROCEDURE", "REFERENCES", "REINDEX", "RELEASE", "RENAME", "REPLACE", "RETURNING", "REVOKE", "RIGHT",
      "ROLLBACK", "ROW", "SAVEPOINT", "SCHEMA", "SELECT", "SEQUENCE", "SET", "SHOW", "TABLE", "TEXT", "THEN",
      "TIMESTAMP", "TO", "TRIGGER", "TRUE", "TRUNCATE", "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALID",
      "VALIDATE", "VALUES", "VARCHAR", "VIEW", "WHEN", "WHERE", "WINDOW", "WITH");

  private SqlKeywords() {
  }
}
