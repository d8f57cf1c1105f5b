package io.cutover.shell.repl;

import io.cutover.shell.lexer.SqlTokens;
import java.util.List;
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
    List<SqlTokens.Token> tokens = SqlTokens.scan(buffer);
    for (int i = 0; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      String text = buffer.substring(t.start(), t.end());
      int end = t.end();
      AttributedStyle style = switch (t.kind()) {
        case COMMENT -> COMMENT;
        case STRING, DOLLAR_STRING -> STRING;
        case WORD -> SqlKeywords.ALL.contains(text.toUpperCase(Locale.ROOT)) ? KEYWORD : AttributedStyle.DEFAULT;
        case SYMBOL -> Character.isDigit(text.charAt(0)) ? NUMBER : AttributedStyle.DEFAULT;
        default -> AttributedStyle.DEFAULT;
      };
      if (text.equals("\\")) {
        // A backslash command's name runs to the next space, whatever tokens it holds.
        while (i + 1 < tokens.size() && tokens.get(i + 1).kind() != SqlTokens.Kind.SPACE) {
          end = tokens.get(++i).end();
        }
        style = META;
      }
      out.styled(style, buffer.substring(t.start(), end));
    }
    return out.toAttributedString();
  }
}
