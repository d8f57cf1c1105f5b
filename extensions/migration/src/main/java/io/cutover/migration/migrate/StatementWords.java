package io.cutover.migration.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shapes in the word list of one statement ({@link io.cutover.shell.spi.SqlScript#tokens}): names,
 * lists, ALTER TABLE actions, words outside parentheses. Pure functions for the linter.
 */
final class StatementWords {

  private StatementWords() {
  }

  /** Where {@code words} first start outside parentheses (a subquery's WHERE does not count), or -1. */
  static int indexAtTopLevel(List<String> t, String... words) {
    int depth = 0;
    for (int i = 0; i < t.size(); i++) {
      depth += t.get(i).equals("(") ? 1 : t.get(i).equals(")") ? -1 : 0;
      if (depth == 0 && skip(t, i, words) == i + words.length) {
        return i;
      }
    }
    return -1;
  }

  /** The comma-separated actions of an ALTER TABLE, from {@code i} (just after the table's name). */
  static List<List<String>> actions(List<String> t, int i) {
    List<List<String>> out = new ArrayList<>();
    int from = skip(t, i, "*");
    int depth = 0;
    for (int k = from; k <= t.size(); k++) {
      String w = k < t.size() ? t.get(k) : ",";
      depth += w.equals("(") ? 1 : w.equals(")") ? -1 : 0;
      if (depth == 0 && w.equals(",")) {
        if (k > from) {
          out.add(t.subList(from, k));
        }
        from = k + 1;
      }
    }
    return out;
  }

  /** The names of a list such as {@code TRUNCATE ONLY a, b *} or {@code DROP TABLE a, s.b}, from {@code i}. */
  static List<String> names(List<String> t, int i) {
    List<String> out = new ArrayList<>();
    while (i < t.size()) {
      i = skip(t, i, "ONLY");
      String name = name(t, i);
      if (name.isEmpty()) {
        break;
      }
      out.add(name);
      i = skip(t, i + nameLength(t, i), "*");
      if (i >= t.size() || !t.get(i).equals(",")) {
        break;
      }
      i++;
    }
    return out;
  }

  static int nameLength(List<String> t, int i) {
    int n = i < t.size() ? 1 : 0;
    while (i + 2 < t.size() && t.get(i + 1).equals(".")) {
      n += 2;
      i += 2;
    }
    return n;
  }

  /** A possibly qualified name starting at {@code i}, as written ({@code public.heartbeats}, {@code "Odd"}). */
  static String name(List<String> t, int i) {
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

  static String normal(String name) {
    String last = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
    return last.startsWith("\"") ? last : last.toUpperCase(Locale.ROOT);
  }

  static int skip(List<String> t, int i, String... words) {
    for (int k = 0; k < words.length; k++) {
      if (i + k >= t.size() || !t.get(i + k).equals(words[k])) {
        return i;
      }
    }
    return i + words.length;
  }

  static boolean starts(List<String> t, String... words) {
    return skip(t, 0, words) == words.length;
  }

  static boolean contains(List<String> t, String... words) {
    for (int i = 0; i + words.length <= t.size(); i++) {
      if (skip(t, i, words) == i + words.length) {
        return true;
      }
    }
    return false;
  }
}
