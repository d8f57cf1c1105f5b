package io.cutover.shell.lexer;

import java.util.Optional;
import java.util.function.Function;

/** psql's {@code :{?name}}: TRUE when the variable is set, else FALSE, in SQL and in backslash commands. */
final class VariableTest {

  private VariableTest() {
  }

  /** The value of a {@code :{?name}} starting at {@code start}, or empty when none starts there. */
  static Optional<String> at(CharSequence text, int start, Function<String, Optional<String>> variables) {
    int length = length(text, start);
    if (length == 0) {
      return Optional.empty();
    }
    String name = text.subSequence(start + 3, start + length - 1).toString();
    return Optional.of(variables.apply(name).isPresent() ? "TRUE" : "FALSE");
  }

  /** The length of a {@code :{?name}} at {@code start}, 0 when there is none. */
  static int length(CharSequence text, int start) {
    if (start + 3 >= text.length() || text.charAt(start) != ':' || text.charAt(start + 1) != '{'
        || text.charAt(start + 2) != '?') {
      return 0;
    }
    int i = start + 3;
    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
      i++;
    }
    return i > start + 3 && i < text.length() && text.charAt(i) == '}' ? i + 1 - start : 0;
  }
}
