package io.cutover.shell.lexer;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of a text as PostgreSQL reads them, each with its position: the one tokenizer behind
 * {@code SqlScript.lex} (and through it the rewrite's protector and printer) and the highlighter.
 * A string's prefix ({@code E}, {@code U&}, {@code B}, {@code X}, {@code N}) and a
 * {@code UESCAPE 'c'} clause belong to the string's token. A construct left open runs to the end.
 * Statement boundaries are {@link StatementLexer}'s, which shares these scanners.
 */
public final class SqlTokens {

  /** What a {@link Token} is; a digit is a SYMBOL of its own, as any other character. */
  public enum Kind { SPACE, COMMENT, WORD, QUOTED_NAME, STRING, DOLLAR_STRING, SYMBOL }

  /** {@code text.subSequence(start, end)} is the token as written. */
  public record Token(Kind kind, int start, int end) {
  }

  private SqlTokens() {
  }

  public static List<Token> scan(CharSequence s) {
    List<Token> out = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      char next = i + 1 < n ? s.charAt(i + 1) : '\0';
      int quote = stringQuote(s, i);
      int end;
      Kind kind;
      if (Character.isWhitespace(c)) {
        end = i + 1;
        while (end < n && Character.isWhitespace(s.charAt(end))) {
          end++;
        }
        kind = Kind.SPACE;
      } else if (c == '-' && next == '-') {
        end = Scanners.lineComment(s, i);
        kind = Kind.COMMENT;
      } else if (c == '/' && next == '*') {
        end = Scanners.blockComment(s, i);
        kind = Kind.COMMENT;
      } else if (quote >= 0 && s.charAt(quote) == '\'') {
        end = Scanners.isEscapeQuote(s, quote) ? Scanners.escapeQuoted(s, quote) : Scanners.singleQuoted(s, quote);
        end = quote > i && (c == 'U' || c == 'u') ? withUescape(s, end) : end;
        kind = Kind.STRING;
      } else if (quote >= 0) {
        end = Scanners.doubleQuoted(s, quote);
        end = quote > i ? withUescape(s, end) : end;
        kind = Kind.QUOTED_NAME;
      } else if (c == '$' && Scanners.dollarTag(s, i) != null) {
        end = Scanners.dollarQuoted(s, i, Scanners.dollarTag(s, i));
        kind = Kind.DOLLAR_STRING;
      } else if (Scanners.isIdentifierStart(c)) {
        end = i + 1;
        while (end < n && Scanners.isIdentifierPart(s.charAt(end))) {
          end++;
        }
        kind = Kind.WORD;
      } else {
        end = i + 1;
        kind = Kind.SYMBOL;
      }
      end = end < 0 ? n : end;
      out.add(new Token(kind, i, end));
      i = end;
    }
    return out;
  }

  /**
   * Where the quote of a string or quoted name starting at {@code i} is: {@code i} itself, past a
   * one-letter prefix ({@code E'}, {@code B'}, {@code X'}, {@code N'}) or past {@code U&} (before
   * {@code '} or {@code "}); -1 when none starts there.
   */
  private static int stringQuote(CharSequence s, int i) {
    char c = s.charAt(i);
    if (c == '\'' || c == '"') {
      return i;
    }
    if (i > 0 && Scanners.isIdentifierPart(s.charAt(i - 1))) {
      return -1;
    }
    if ("EeBbXxNn".indexOf(c) >= 0 && at(s, i + 1, '\'')) {
      return i + 1;
    }
    if ((c == 'U' || c == 'u') && at(s, i + 1, '&') && (at(s, i + 2, '\'') || at(s, i + 2, '"'))) {
      return i + 2;
    }
    return -1;
  }

  /** {@code end}, or past a {@code UESCAPE 'c'} clause that follows it. */
  private static int withUescape(CharSequence s, int end) {
    if (end < 0) {
      return end;
    }
    int i = skipSpace(s, end);
    if (i + 7 > s.length() || !s.subSequence(i, i + 7).toString().equalsIgnoreCase("uescape")) {
      return end;
    }
    int quote = skipSpace(s, i + 7);
    if (!at(s, quote, '\'')) {
      return end;
    }
    int close = Scanners.singleQuoted(s, quote);
    return close < 0 ? end : close;
  }

  private static int skipSpace(CharSequence s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean at(CharSequence s, int i, char c) {
    return i < s.length() && s.charAt(i) == c;
  }
}
