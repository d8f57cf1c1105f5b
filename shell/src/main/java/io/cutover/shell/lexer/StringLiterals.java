package io.cutover.shell.lexer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The value PostgreSQL reads from a string literal's text (one STRING or DOLLAR_STRING token of
 * {@link SqlTokens}), with {@code standard_conforming_strings} on and a UTF-8 server: the rules of
 * the manual's "String Constants" sections, 4.1.2.1 to 4.1.2.4.
 */
public final class StringLiterals {

  private StringLiterals() {
  }

  /**
   * The value, or empty when the text is not a character string ({@code B''}, {@code X''}), is
   * not closed, or holds an escape PostgreSQL refuses (a NUL, a lone surrogate, bytes that are not UTF-8).
   */
  public static Optional<String> value(String token) {
    if (token.startsWith("$")) {
      String tag = Scanners.dollarTag(token, 0);
      return tag == null || token.length() < 2 * tag.length() || !token.endsWith(tag) ? Optional.empty()
          : Optional.of(token.substring(tag.length(), token.length() - tag.length()));
    }
    int quote = token.indexOf('\'');
    String prefix = token.substring(0, Math.max(quote, 0)).toUpperCase(Locale.ROOT);
    if (quote < 0 || !(prefix.isEmpty() || prefix.equals("E") || prefix.equals("N") || prefix.equals("U&"))) {
      return Optional.empty();
    }
    int close = prefix.equals("E") ? Scanners.escapeQuoted(token, quote) : Scanners.singleQuoted(token, quote);
    if (close < 0) {
      return Optional.empty();
    }
    String body = token.substring(quote + 1, close - 1);
    return switch (prefix) {
      case "E" -> escaped(body);
      case "U&" -> unicode(body.replace("''", "'"), uescape(token.substring(close)));
      default -> Optional.of(body.replace("''", "'"));
    };
  }

  /** {@code E''}: C-like escapes; octal and hex ones are bytes, decoded as UTF-8 with the rest. */
  private static Optional<String> escaped(String body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '\'') {
        i += 2;
        bytes.write('\'');
        continue;
      }
      if (c != '\\' || i + 1 >= body.length()) {
        int cp = body.codePointAt(i);
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
        continue;
      }
      char e = body.charAt(i + 1);
      int digits;
      switch (e) {
        case 'b' -> { bytes.write('\b'); i += 2; continue; }
        case 'f' -> { bytes.write('\f'); i += 2; continue; }
        case 'n' -> { bytes.write('\n'); i += 2; continue; }
        case 'r' -> { bytes.write('\r'); i += 2; continue; }
        case 't' -> { bytes.write('\t'); i += 2; continue; }
        default -> { }
      }
      if (e >= '0' && e <= '7') {
        digits = run(body, i + 1, 3, 8);
        int b = Integer.parseInt(body.substring(i + 1, i + 1 + digits), 8) & 0xFF;
        bytes.write(b);
        i += 1 + digits;
      } else if (e == 'x' && run(body, i + 2, 2, 16) > 0) {
        digits = run(body, i + 2, 2, 16);
        bytes.write(Integer.parseInt(body.substring(i + 2, i + 2 + digits), 16));
        i += 2 + digits;
      } else if (e == 'u' || e == 'U') {
        int width = e == 'u' ? 4 : 8;
        if (run(body, i + 2, width, 16) != width) {
          return Optional.empty();
        }
        StringBuilder cp = new StringBuilder();
        i = codePoint(body, i + 2, width, cp, "\\u");
        if (i < 0) {
          return Optional.empty();
        }
        bytes.writeBytes(cp.toString().getBytes(StandardCharsets.UTF_8));
      } else {
        int cp = body.codePointAt(i + 1);
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += 1 + Character.charCount(cp);
      }
    }
    try {
      String value = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
      return value.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(value);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** {@code U&''}: {@code \XXXX}, {@code \+XXXXXX} and a doubled escape character; surrogate pairs join. */
  private static Optional<String> unicode(String body, char escape) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c != escape) {
        out.append(c);
        i++;
      } else if (i + 1 < body.length() && body.charAt(i + 1) == escape) {
        out.append(escape);
        i += 2;
      } else if (i + 1 < body.length() && body.charAt(i + 1) == '+' && run(body, i + 2, 6, 16) == 6) {
        i = codePoint(body, i + 2, 6, out, escape + "");
      } else if (run(body, i + 1, 4, 16) == 4) {
        i = codePoint(body, i + 1, 4, out, escape + "");
      } else {
        return Optional.empty();
      }
      if (i < 0) {
        return Optional.empty();
      }
    }
    String value = out.toString();
    return value.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(value);
  }

  /**
   * Appends the code point of the {@code width} hex digits at {@code from}; a high surrogate must be
   * followed by {@code next} and a low one (as PostgreSQL requires). Returns the offset after, or -1.
   */
  private static int codePoint(String body, int from, int width, StringBuilder out, String next) {
    int cp = Integer.parseInt(body.substring(from, from + width), 16);
    int after = from + width;
    if (Character.isHighSurrogate((char) cp) && cp <= 0xFFFF) {
      int low = after + next.length();
      if (!body.startsWith(next, after) || run(body, low, 4, 16) != 4) {
        return -1;
      }
      int second = Integer.parseInt(body.substring(low, low + 4), 16);
      if (!Character.isLowSurrogate((char) second)) {
        return -1;
      }
      out.append((char) cp).append((char) second);
      return low + 4;
    }
    if (!Character.isValidCodePoint(cp) || (cp <= 0xFFFF && Character.isSurrogate((char) cp))) {
      return -1;
    }
    out.appendCodePoint(cp);
    return after;
  }

  /** The escape character of a {@code UESCAPE 'c'} clause in {@code rest}, or the backslash. */
  private static char uescape(String rest) {
    int quote = rest.indexOf('\'');
    return quote >= 0 && quote + 1 < rest.length() ? rest.charAt(quote + 1) : '\\';
  }

  /** How many digits of {@code radix}, at most {@code max}, start at {@code from}. */
  private static int run(String s, int from, int max, int radix) {
    int n = 0;
    while (n < max && from + n < s.length() && Character.digit(s.charAt(from + n), radix) >= 0) {
      n++;
    }
    return n;
  }
}
