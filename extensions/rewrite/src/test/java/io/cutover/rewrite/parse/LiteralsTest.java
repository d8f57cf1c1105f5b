package io.cutover.rewrite.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.lexer.LexingCases;
import io.cutover.shell.spi.SqlScript;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The string constants of the shell's {@link LexingCases} through the protector, Calcite and the
 * printer: each comes out holding the value PostgreSQL reads from the original (issue 15, defect 2:
 * {@code E'Vi\\m'} came out as {@code _UTF16'Vi\m'}).
 */
class LiteralsTest {

  static Stream<LexingCases> cases() {
    return LexingCases.all().filter(c -> c.statements() == 1 && c.values().stream().allMatch(Objects::nonNull));
  }

  private static List<String> values(String sql) {
    return SqlScript.lex(sql).stream().filter(t -> t.kind() == SqlScript.TokenKind.STRING
        || t.kind() == SqlScript.TokenKind.DOLLAR_STRING).map(t -> t.stringValue(sql).orElse(null)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void printedLiteralsHoldWhatPostgresReadFromTheOriginal(LexingCases c) throws Exception {
    ProtectedSql p = FragmentProtector.protect(c.sql());
    assertEquals(c.values(), values(p.text()), p.text());
    String printed = FragmentProtectorTest.roundTrip(c.sql());
    assertEquals(c.values(), values(printed), printed);
    for (SqlScript.Token t : SqlScript.lex(printed)) {
      // Escapes keep a literal on its line and send no control character to the terminal.
      assertTrue(t.text(printed).codePoints().noneMatch(Character::isISOControl), t.text(printed));
    }
  }

  /** PostgreSQL joins strings separated by white space holding a newline; Calcite 1.42 kept only the first. */
  @Test
  void aStringContinuedOnTheNextLineIsOneValue() throws Exception {
    assertEquals(List.of("Ruby"), values(FragmentProtectorTest.roundTrip("select 'Ru'\n  'by'")));
    assertEquals(List.of("Ru\tby\\"), values(FragmentProtectorTest.roundTrip("select E'Ru\\t'\n'by\\\\'")));
  }
}
