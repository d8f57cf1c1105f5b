package io.cutover.shell.repl;

import io.cutover.shell.lexer.Scanners;
import java.util.Locale;
import org.jline.reader.LineReader;
import org.jline.reader.impl.DefaultHighlighter;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Colours SQL as it is typed: keywords, strings, comments, numbers and backslash commands. */
final class SqlHighlighter extends DefaultHighlighter {

  private static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
  private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint();
  private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  private static final AttributedStyle META = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);

  @Override
  public AttributedString highlight(LineReader reader, String buffer) {
    AttributedStringBuilder out = new AttributedStringBuilder();
    int i = 0;
    int n = buffer.length();
    while (i < n) {
      char c = buffer.charAt(i);
      char next = i + 1 < n ? buffer.charAt(i + 1) : '\0';
      int end;
      AttributedStyle style = AttributedStyle.DEFAULT;
      if (c == '-' && next == '-') {
        end = Scanners.lineComment(buffer, i);
        style = COMMENT;
      } else if (c == '/' && next == '*') {
        end = Scanners.blockComment(buffer, i);
        style = COMMENT;
      } else if (c == '\'') {
        end = i > 0 && (buffer.charAt(i - 1) == 'E' || buffer.charAt(i - 1) == 'e')
            ? Scanners.escapeQuoted(buffer, i) : Scanners.singleQuoted(buffer, i);
        style = STRING;
      } else if (c == '"') {
        end = Scanners.doubleQuoted(buffer, i);
      } else if (c == '$' && Scanners.dollarTag(buffer, i) != null) {
        String tag = Scanners.dollarTag(buffer, i);
        end = Scanners.dollarQuoted(buffer, i, tag);
        style = STRING;
      } else if (c == '\\') {
        end = i + 1;
        while (end < n && buffer.charAt(end) != '\n' && !Character.isWhitespace(buffer.charAt(end))) {
          end++;
        }
        style = META;
      } else if (Character.isDigit(c)) {
        end = i + 1;
        while (end < n && (Character.isDigit(buffer.charAt(end)) || buffer.charAt(end) == '.')) {
          end++;
        }
        style = NUMBER;
      } else if (Scanners.isIdentifierStart(c)) {
        end = i + 1;
        while (end < n && Scanners.isIdentifierPart(buffer.charAt(end))) {
          end++;
        }
        if (SqlKeywords.ALL.contains(buffer.substring(i, end).toUpperCase(Locale.ROOT))) {
          style = KEYWORD;
        }
      } else {
        end = i + 1;
      }
      if (end < 0) {
        end = n;
      }
      out.styled(style, buffer.substring(i, end));
      i = end;
    }
    return out.toAttributedString();
  }
}
