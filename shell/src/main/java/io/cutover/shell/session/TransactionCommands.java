package io.cutover.shell.session;

import io.cutover.shell.spi.SqlScript;
import java.util.List;
import java.util.Set;

/**
 * What psql needs to know of a statement to run it with AUTOCOMMIT off or ON_ERROR_ROLLBACK on:
 * whether it may be preceded by an implicit BEGIN, and whether it handles savepoints itself.
 */
public final class TransactionCommands {

  private static final Set<String> TRANSACTION_CONTROL = Set.of("ABORT", "BEGIN", "START", "COMMIT", "END",
      "ROLLBACK");
  private static final Set<String> SAVEPOINT_COMMANDS = Set.of("SAVEPOINT", "RELEASE", "ROLLBACK", "ABORT",
      "COMMIT", "END");

  private TransactionCommands() {
  }

  /**
   * Whether psql sends no implicit BEGIN before {@code sql} (its {@code command_no_begin}):
   * transaction control itself, and what cannot run inside a transaction block (VACUUM, CREATE
   * DATABASE, CREATE INDEX CONCURRENTLY, ALTER SYSTEM, DISCARD ALL, ...).
   */
  public static boolean takesNoImplicitBegin(String sql) {
    List<String> w = SqlScript.tokens(sql);
    String first = word(w, 0);
    String second = word(w, 1);
    if (TRANSACTION_CONTROL.contains(first) || first.equals("VACUUM")) {
      return true;
    }
    switch (first) {
      case "PREPARE":
        return second.equals("TRANSACTION");
      case "CLUSTER":
        // CLUSTER with arguments may run in a transaction; without, it may not.
        return second.isEmpty();
      case "CREATE": {
        if (second.equals("DATABASE") || second.equals("TABLESPACE")) {
          return true;
        }
        int index = second.equals("UNIQUE") ? 2 : 1;
        return word(w, index).equals("INDEX") && word(w, index + 1).equals("CONCURRENTLY");
      }
      case "ALTER":
        return second.equals("SYSTEM");
      case "DROP", "REINDEX":
        if (Set.of("DATABASE", "SYSTEM", "TABLESPACE").contains(second)) {
          return true;
        }
        return Set.of("INDEX", "TABLE").contains(second) && word(w, 2).equals("CONCURRENTLY")
            || first.equals("REINDEX") && second.equals("CONCURRENTLY");
      case "DISCARD":
        return second.equals("ALL");
      default:
        return false;
    }
  }

  /**
   * Whether {@code sql} is the user's own SAVEPOINT, RELEASE or ROLLBACK: ON_ERROR_ROLLBACK's
   * savepoint is then gone or not its to release, as psql reasons from the command tag.
   */
  public static boolean handlesSavepoints(String sql) {
    return SAVEPOINT_COMMANDS.contains(word(SqlScript.tokens(sql), 0));
  }

  private static String word(List<String> words, int index) {
    return index < words.size() ? words.get(index) : "";
  }
}
