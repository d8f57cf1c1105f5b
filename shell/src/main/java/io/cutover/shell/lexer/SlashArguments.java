package io.cutover.shell.lexer;

import io.cutover.shell.spi.Quoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Splits a backslash command's arguments as psql does: words separated by white space;
 * {@code 'single quotes'} removed ({@code ''} and backslash escapes inside); {@code "double
 * quotes"} kept, as they quote identifiers; {@code :var}, {@code :'var'} (a quoted literal, as
 * psql gives it), {@code :"var"} and {@code :{?var}} interpolated outside quotes.
 */
public final class SlashArguments {

  private SlashArguments() {
  }

  public static List<String> split(String text, Function<String, Optional<String>> variables) {
    return split(text, variables, true);
  }

  /**
   * The words as psql reads arguments it is about to ignore: variables not interpolated
   * ({@code :foo} stays {@code :foo}), backquoted commands not run (their text kept, the backquotes dropped).
   */
  public static List<String> splitUnevaluated(String text) {
    return split(text, name -> Optional.empty(), false);
  }

  private static List<String> split(String text, Function<String, Optional<String>> variables, boolean evaluate) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        i++;
        continue;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (c == '\'') {
        i = singleQuoted(text, i, word);
      } else if (c == '"') {
        int end = Scanners.doubleQuoted(text, i);
        end = end < 0 ? text.length() : end;
        word.append(text, i, end);
        i = end;
      } else if (!evaluate && c == '`') {
        i++;
      } else if (!evaluate && c == ':' && i + 1 < text.length() && "'\"{".indexOf(text.charAt(i + 1)) >= 0) {
        int close = text.indexOf(text.charAt(i + 1) == '{' ? '}' : text.charAt(i + 1), i + 2);
        int end = close < 0 ? text.length() : close + 1;
        word.append(text, i, end);
        i = end;
      } else if (evaluate && c == ':' && i + 1 < text.length()) {
        i = variable(text, i, word, variables);
      } else {
        word.append(c);
        i++;
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private static int singleQuoted(String text, int start, StringBuilder word) {
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          word.append('\'');
          i += 2;
          continue;
        }
        return i + 1;
      }
      if (c == '\\' && i + 1 < text.length() && isOctal(text.charAt(i + 1))) {
        int end = i + 1;
        while (end < text.length() && end < i + 4 && isOctal(text.charAt(end))) {
          end++;
        }
        word.append((char) Integer.parseInt(text.substring(i + 1, end), 8));
        i = end;
        continue;
      }
      if (c == '\\' && i + 1 < text.length()) {
        char n = text.charAt(i + 1);
        word.append(switch (n) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          case 'b' -> '\b';
          case 'f' -> '\f';
          default -> n;
        });
        i += 2;
        continue;
      }
      word.append(c);
      i++;
    }
    return i;
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  private static int variable(String text, int start, StringBuilder word,
                              Function<String, Optional<String>> variables) {
    char n = text.charAt(start + 1);
    Optional<String> defined = VariableTest.at(text, start, variables);
    if (defined.isPresent()) {
      word.append(defined.get());
      return start + VariableTest.length(text, start);
    }
    if (n == '\'' || n == '"') {
      int close = text.indexOf(n, start + 2);
      if (close > start + 2) {
        Optional<String> v = variables.apply(text.substring(start + 2, close));
        if (v.isPresent()) {
          word.append(n == '\'' ? Quoting.literal(v.get()) : Quoting.identifier(v.get()));
          return close + 1;
        }
      }
    } else {
      int end = start + 1;
      while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
        end++;
      }
      if (end > start + 1) {
        Optional<String> v = variables.apply(text.substring(start + 1, end));
        if (v.isPresent()) {
          word.append(v.get());
          return end;
        }
      }
    }
    word.append(':');
    return start + 1;
  }
}
