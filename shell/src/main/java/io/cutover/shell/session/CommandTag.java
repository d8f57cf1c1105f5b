package io.cutover.shell.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command tag psql prints for a statement without rows ({@code INSERT 0 3}, {@code CREATE
 * TABLE}). pgjdbc does not expose the server's tag, so it is rebuilt from the statement's
 * leading keywords and the update count; for the statements a migration runs it is the same.
 */
public final class CommandTag {

  private static final Set<String> COUNTED = Set.of("UPDATE", "DELETE", "MERGE", "COPY", "FETCH", "MOVE");
  private static final Set<String> MODIFIERS = Set.of("OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "UNIQUE",
      "GLOBAL", "LOCAL", "RECURSIVE", "TRUSTED", "PROCEDURAL", "CONSTRAINT");
  private static final Set<String> TWO_WORD_OBJECTS = Set.of("MATERIALIZED", "FOREIGN", "EVENT", "ACCESS", "USER",
      "TEXT", "DEFAULT");

  private CommandTag() {
  }

  public static String of(String sql, long updateCount) {
    List<String> words = leadingWords(sql, 6);
    if (words.isEmpty()) {
      return "";
    }
    String first = words.get(0);
    switch (first) {
      case "INSERT":
        return "INSERT 0 " + Math.max(0, updateCount);
      case "SELECT", "WITH", "VALUES", "TABLE":
        return "SELECT " + Math.max(0, updateCount);
      case "CREATE":
        return createTag(words, updateCount);
      case "ALTER", "DROP":
        return objectTag(first, words.subList(1, words.size()));
      case "START":
        return "START TRANSACTION";
      case "END":
        return "COMMIT";
      case "ABORT":
        return "ROLLBACK";
      case "TRUNCATE":
        return "TRUNCATE TABLE";
      case "LOCK":
        return "LOCK TABLE";
      case "REFRESH":
        return "REFRESH MATERIALIZED VIEW";
      case "DISCARD", "RESET", "COMMENT", "GRANT", "REVOKE":
        return first.equals("DISCARD") && words.size() > 1 ? "DISCARD " + words.get(1) : first;
      default:
        if (COUNTED.contains(first)) {
          return first + " " + Math.max(0, updateCount);
        }
        return first;
    }
  }

  private static String createTag(List<String> words, long updateCount) {
    List<String> rest = new ArrayList<>(words.subList(1, words.size()));
    if (rest.contains("AS") && (rest.contains("TABLE") && !rest.contains("FUNCTION"))) {
      return "SELECT " + Math.max(0, updateCount);
    }
    return objectTag("CREATE", rest);
  }

  private static String objectTag(String verb, List<String> rest) {
    int i = 0;
    while (i < rest.size() && MODIFIERS.contains(rest.get(i))) {
      i++;
    }
    if (i >= rest.size()) {
      return verb;
    }
    String object = rest.get(i);
    if (verb.equals("CREATE") && rest.size() > i && rest.get(i).equals("CONSTRAINT")) {
      object = "TRIGGER";
    }
    if (TWO_WORD_OBJECTS.contains(object) && i + 1 < rest.size()) {
      object = object + " " + rest.get(i + 1);
      if ((object.equals("FOREIGN DATA") || object.equals("TEXT SEARCH")) && i + 2 < rest.size()) {
        object = object + " " + rest.get(i + 2);
      }
    }
    return verb + " " + object;
  }

  /** Up to {@code max} leading keywords, upper-cased, skipping comments. */
  static List<String> leadingWords(String sql, int max) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n && out.size() < max) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (Character.isLetter(c)) {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        out.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
      } else {
        break;
      }
    }
    return out;
  }
}
