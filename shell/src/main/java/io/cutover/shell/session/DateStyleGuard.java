package io.cutover.shell.session;

import io.cutover.shell.spi.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * pgjdbc reads dates and times in the ISO output style only, and closes the connection when the
 * server reports another DateStyle. A {@code SET DateStyle} to Postgres, SQL or German would drop
 * the session (its transaction, temporary tables and settings) for a display preference, so it
 * is refused before it is sent; the field order (DMY, MDY, YMD) may still change.
 */
public final class DateStyleGuard {

  private static final Set<String> NON_ISO = Set.of("POSTGRES", "SQL", "GERMAN");

  private DateStyleGuard() {
  }

  /** The non-ISO style {@code sql} (one or several statements) would set, or empty when it may run. */
  public static Optional<String> refusal(String sql) {
    List<SqlScript.Statement> statements;
    try {
      statements = SqlScript.split(sql);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    for (SqlScript.Statement s : statements) {
      List<String> words = new ArrayList<>();
      for (SqlScript.Token t : SqlScript.lex(s.sql())) {
        String text = t.text(s.sql());
        // Setting names are matched without regard to case, quoted or not.
        String word = t.kind() == SqlScript.TokenKind.QUOTED_NAME ? text.substring(1, text.length() - 1)
            : t.stringValue(s.sql()).orElse(text);
        words.add(word.toUpperCase(Locale.ROOT));
      }
      int at = words.size() > 1 && (words.get(1).equals("SESSION") || words.get(1).equals("LOCAL")) ? 2 : 1;
      if (words.size() <= at + 2 || !words.get(0).equals("SET") || !words.get(at).equals("DATESTYLE")
          || !(words.get(at + 1).equals("TO") || words.get(at + 1).equals("="))) {
        continue;
      }
      for (String value : words.subList(at + 2, words.size())) {
        for (String part : value.split("[,\\s]+")) {
          if (NON_ISO.contains(part)) {
            return Optional.of(part);
          }
        }
      }
    }
    return Optional.empty();
  }
}
