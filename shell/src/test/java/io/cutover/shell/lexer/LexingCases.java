package io.cutover.shell.lexer;

import java.util.List;
import java.util.stream.Stream;

/**
 * One table of PostgreSQL string constants, fed to every consumer of the tokens: the statement
 * splitter, {@code SqlScript.lex} and its values, the highlighter, the rewrite's protector and
 * printer; and to PostgreSQL itself, which is the judge of each value (issue 15, defect 2).
 *
 * @param strings the text of each string token, as written (prefix and UESCAPE included)
 * @param values what PostgreSQL reads from each; null for a bit string, which is not text
 * @param statements how many statements the text holds
 */
public record LexingCases(String name, String sql, List<String> strings, List<String> values, int statements) {

  @Override
  public String toString() {
    return name;
  }

  private static LexingCases of(String name, String sql, String string, String value) {
    return new LexingCases(name, sql, List.of(string), java.util.Collections.singletonList(value), 1);
  }

  public static Stream<LexingCases> all() {
    return Stream.of(
        of("doubled quote", "select 'it''s; here'", "'it''s; here'", "it's; here"),
        of("standard string keeps its backslash", "select 'a\\'", "'a\\'", "a\\"),
        of("escape string with an escaped quote", "select E'a\\';b'", "E'a\\';b'", "a';b"),
        of("lower-case escape prefix", "select e'\\''", "e'\\''", "'"),
        of("escape string ending in a backslash", "select E'Vi\\\\m\\\\'", "E'Vi\\\\m\\\\'", "Vi\\m\\"),
        of("escape string with newline and tab", "select E'a\\nb\\tc\\r\\b\\f'", "E'a\\nb\\tc\\r\\b\\f'",
            "a\nb\tc\r\b\f"),
        of("octal and hex bytes", "select E'\\101\\x42\\x4g'", "E'\\101\\x42\\x4g'", "AB\u0004g"),
        of("octal bytes of one UTF-8 character", "select E'\\303\\251'", "E'\\303\\251'", "é"),
        of("unicode escapes in an escape string", "select E'\\u00e9\\U0001F600'", "E'\\u00e9\\U0001F600'", "é😀"),
        of("surrogate pair in an escape string", "select E'\\uD83D\\uDE00'", "E'\\uD83D\\uDE00'", "😀"),
        of("unknown escape is the character", "select E'\\q\\\\'", "E'\\q\\\\'", "q\\"),
        of("unicode string", "select U&'d\\0061t\\+01F600'", "U&'d\\0061t\\+01F600'", "dat😀"),
        of("unicode string with UESCAPE", "select U&'d!0061t!!' UESCAPE '!'", "U&'d!0061t!!' UESCAPE '!'", "dat!"),
        of("doubled escape in a unicode string", "select U&'a\\\\b'", "U&'a\\\\b'", "a\\b"),
        of("dollar quote", "select $$it's; \\n$$", "$$it's; \\n$$", "it's; \\n"),
        of("tagged dollar quote", "select $q$a$$b;'$q$", "$q$a$$b;'$q$", "a$$b;'"),
        of("national string", "select N'naïve'", "N'naïve'", "naïve"),
        of("newline inside a string", "select 'two\nlines'", "'two\nlines'", "two\nlines"),
        of("control character", "select E'bell\\007'", "E'bell\\007'", "bell\u0007"),
        of("bit string", "select B'101'", "B'101'", null),
        new LexingCases("escape string then another statement", "select E'\\\\'; select 'x'", List.of("E'\\\\'", "'x'"),
            List.of("\\", "x"), 2),
        new LexingCases("standard backslash then another statement", "select 'a\\'; select E'\\';'",
            List.of("'a\\'", "E'\\';'"), List.of("a\\", "';"), 2),
        new LexingCases("word ending in e before a string", "select E'x' AS typE, 'y'", List.of("E'x'", "'y'"),
            List.of("x", "y"), 1),
        new LexingCases("quoted name holding quotes is no string", "select \"it's\" from \"E'\"", List.of(), List.of(), 1));
  }
}
