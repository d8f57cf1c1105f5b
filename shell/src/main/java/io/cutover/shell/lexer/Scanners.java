package io.cutover.shell.lexer;

/**
 * Pure scanners for PostgreSQL's lexical constructs. Each takes the text and the offset of the
 * construct's opening character and returns the offset just past its end, or {@code -1} when the
 * construct is not closed within the text (the caller decides whether more input may follow).
 */
public final class Scanners {

  private Scanners() {
  }

  /** {@code '...'} with {@code ''} as the escaped quote (standard_conforming_strings on). */
  public static int singleQuoted(CharSequence s, int start) {
    for (int i = start + 1; i < s.length(); i++) {
      if (s.charAt(i) == '\'') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
          i++;
        } else {
          return i + 1;
        }
      }
    }
    return -1;
  }

  /** {@code E'...'}: backslash escapes anything, {@code ''} is a quote. {@code start} is at the quote. */
  public static int escapeQuoted(CharSequence s, int start) {
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '\'') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
          i++;
        } else {
          return i + 1;
        }
      }
    }
    return -1;
  }

  /**
   * Whether the quote at {@code quote} opens an escape string: it follows an {@code E} or
   * {@code e} that starts a word ({@code E'a\\'b'}, not {@code type'...'} nor {@code nameE'...'}).
   */
  public static boolean isEscapeQuote(CharSequence s, int quote) {
    if (quote == 0 || (s.charAt(quote - 1) != 'E' && s.charAt(quote - 1) != 'e')) {
      return false;
    }
    return quote == 1 || !isIdentifierPart(s.charAt(quote - 2));
  }

  /** {@code "..."} with {@code ""} as the escaped quote. */
  public static int doubleQuoted(CharSequence s, int start) {
    for (int i = start + 1; i < s.length(); i++) {
      if (s.charAt(i) == '"') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
          i++;
        } else {
          return i + 1;
        }
      }
    }
    return -1;
  }

  /**
   * The dollar-quote tag starting at {@code start} ({@code $$} or {@code $tag$}), or null when the
   * text there is not a tag opener (a positional parameter such as {@code $1}, or a lone dollar).
   */
  public static String dollarTag(CharSequence s, int start) {
    int i = start + 1;
    if (i < s.length() && Character.isDigit(s.charAt(i))) {
      return null;
    }
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '$') {
        return s.subSequence(start, i + 1).toString();
      }
      if (!(Character.isLetterOrDigit(c) || c == '_' || c >= 0x80)) {
        return null;
      }
      i++;
    }
    return null;
  }

  /** The end of a dollar-quoted body opened by {@code tag} at {@code start}. */
  public static int dollarQuoted(CharSequence s, int start, String tag) {
    int close = indexOf(s, tag, start + tag.length());
    return close < 0 ? -1 : close + tag.length();
  }

  /** {@code /* ... *\/}, nested as PostgreSQL nests them. */
  public static int blockComment(CharSequence s, int start) {
    return blockCommentFrom(s, start + 2, 1);
  }

  /** Continues a block comment at {@code from} with {@code depth} levels open. */
  public static int blockCommentFrom(CharSequence s, int from, int depth) {
    for (int i = from; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      char n = s.charAt(i + 1);
      if (c == '/' && n == '*') {
        depth++;
        i++;
      } else if (c == '*' && n == '/') {
        depth--;
        i++;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    return -1;
  }

  /** The nesting depth still open at the end of the text, for a comment begun at {@code start}. */
  public static int openCommentDepth(CharSequence s, int start) {
    int depth = 0;
    for (int i = start; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      char n = s.charAt(i + 1);
      if (c == '/' && n == '*') {
        depth++;
        i++;
      } else if (c == '*' && n == '/') {
        depth--;
        i++;
      }
    }
    return depth;
  }

  /** {@code -- ...} to the end of the line; the newline is not part of the comment. */
  public static int lineComment(CharSequence s, int start) {
    for (int i = start; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        return i;
      }
    }
    return s.length();
  }

  /** Whether {@code c} may continue an unquoted identifier or keyword. */
  public static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
  }

  /** Whether {@code c} may start an unquoted identifier or keyword. */
  public static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c >= 0x80;
  }

  static int indexOf(CharSequence s, String needle, int from) {
    outer:
    for (int i = from; i <= s.length() - needle.length(); i++) {
      for (int j = 0; j < needle.length(); j++) {
        if (s.charAt(i + j) != needle.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
