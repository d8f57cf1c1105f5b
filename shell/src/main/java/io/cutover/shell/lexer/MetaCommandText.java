package io.cutover.shell.lexer;

/** Where a backslash command ends: at the end of its line, or at the next unquoted backslash. */
final class MetaCommandText {

  private MetaCommandText() {
  }

  /** The end offset of the command starting with the backslash at {@code start}. */
  static int end(CharSequence s, int start) {
    int i = start + 1;
    while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '\\') {
      i++;
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
