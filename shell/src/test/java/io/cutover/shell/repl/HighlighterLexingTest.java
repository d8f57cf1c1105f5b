package io.cutover.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.shell.lexer.LexingCases;
import java.util.stream.Stream;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The highlighter colours exactly the string constants of {@link LexingCases} as strings. */
class HighlighterLexingTest {

  private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);

  static Stream<LexingCases> cases() {
    return LexingCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stringsAreColouredAsStrings(LexingCases c) {
    AttributedString out = new SqlHighlighter().highlight(null, c.sql());
    StringBuilder coloured = new StringBuilder();
    for (int i = 0; i < out.length(); i++) {
      boolean string = out.styleAt(i).equals(STRING);
      boolean before = i > 0 && out.styleAt(i - 1).equals(STRING);
      if (string && !before && coloured.length() > 0) {
        coloured.append('|');
      }
      if (string) {
        coloured.append(out.charAt(i));
      }
    }
    assertEquals(String.join("|", c.strings()), coloured.toString());
  }
}
