package io.cutover.shell.lexer;

import java.util.Set;

/**
 * Where a backslash command ends: at the end of its line, or at the next unquoted backslash;
 * psql's commands that take the whole line ({@code \\!}, {@code \\sf}, ...) and a {@code |command}
 * given to an output command take the rest of the line, backslashes included.
 */
final class MetaCommandText {

  private static final Set<String> WHOLE_LINE = Set.of("!", "ef", "ev", "sf", "sf+", "sv", "sv+", "h", "help");
  private static final Set<String> FILE_OR_PIPE = Set.of("g", "gx", "o", "out", "w", "write");

  private MetaCommandText() {
  }

  /** The end offset of the command starting with the backslash at {@code start}. */
  static int end(CharSequence s, int start) {
    int i = start + 1;
    while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '\\') {
      i++;
    }
    String name = s.subSequence(start + 1, i).toString();
    int argument = i;
    while (argument < s.length() && s.charAt(argument) != '\n' && Character.isWhitespace(s.charAt(argument))) {
      argument++;
    }
    if (WHOLE_LINE.contains(name)
        || FILE_OR_PIPE.contains(name) && argument < s.length() && s.charAt(argument) == '|') {
      int newline = s.toString().indexOf('\n', i);
      return newline < 0 ? s.length() : newline;
    }
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\\') {
        return i;
      }
      if (c == '\'' || c == '"' || c == '`') {
        i = quotedArgumentEnd(s, i, c);
      } else {
        i++;
      }
    }
    return i;
  }

  /** Past the closing quote, or at the newline when the quote is not closed on this line. */
  private static int quotedArgumentEnd(CharSequence s, int start, char quote) {
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        return i;
      }
      if (c == '\\' && quote == '\'' && i + 1 < s.length() && s.charAt(i + 1) != '\n') {
        i++;
      } else if (c == quote) {
        if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
          i++;
        } else {
          return i + 1;
        }
      }
    }
    return s.length();
  }
}
