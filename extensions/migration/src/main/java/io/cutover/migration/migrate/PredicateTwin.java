package io.cutover.migration.migrate;

import io.cutover.migration.plan.Dimension;
import io.cutover.shell.spi.Quoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An index predicate with each dimension replaced by its FK, when that keeps its meaning: the
 * dimension may only be tested with IS [NOT] NULL, which the FK answers alike.
 */
final class PredicateTwin {

  private PredicateTwin() {
  }

  /** The rewritten predicate, or empty when a dimension is used in any other way. */
  static Optional<String> of(String predicate, Map<String, Dimension> dims) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = predicate.length();
    while (i < n) {
      char c = predicate.charAt(i);
      if (c == '\'') {
        int end = predicate.indexOf('\'', i + 1);
        while (end > 0 && end + 1 < n && predicate.charAt(end + 1) == '\'') {
          end = predicate.indexOf('\'', end + 2);
        }
        end = end < 0 ? n : end + 1;
        out.append(predicate, i, end);
        i = end;
      } else if (c == '"' || Character.isLetter(c) || c == '_') {
        int end = identifierEnd(predicate, i);
        String word = predicate.substring(i, end);
        String name = c == '"' ? word.substring(1, word.length() - 1).replace("\"\"", "\"") : word;
        Dimension d = dims.get(name);
        if (d != null && (c == '"' || name.equals(name.toLowerCase(Locale.ROOT)))) {
          String rest = predicate.substring(end).stripLeading().toUpperCase(Locale.ROOT);
          if (!rest.startsWith("IS NULL") && !rest.startsWith("IS NOT NULL")) {
            return Optional.empty();
          }
          out.append(Quoting.identifier(d.fk()));
        } else {
          out.append(word);
        }
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return Optional.of(out.toString());
  }

  /** The identifiers of an expression (unquoted as written, quoted ones without quotes). */
  static List<String> identifiers(String expression) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (c == '\'') {
        int end = expression.indexOf('\'', i + 1);
        i = end < 0 ? expression.length() : end + 1;
      } else if (c == '"' || Character.isLetter(c) || c == '_') {
        int end = identifierEnd(expression, i);
        String word = expression.substring(i, end);
        out.add(c == '"' ? word.substring(1, word.length() - 1).replace("\"\"", "\"") : word);
        i = end;
      } else {
        i++;
      }
    }
    return out;
  }

  private static int identifierEnd(String s, int start) {
    if (s.charAt(start) == '"') {
      int i = start + 1;
      while (i < s.length()) {
        if (s.charAt(i) == '"') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
            i += 2;
            continue;
          }
          return i + 1;
        }
        i++;
      }
      return s.length();
    }
    int i = start;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
      i++;
    }
    return i;
  }
}
