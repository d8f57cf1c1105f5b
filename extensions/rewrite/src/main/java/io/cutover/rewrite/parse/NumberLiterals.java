package io.cutover.rewrite.parse;

import io.cutover.shell.spi.SqlScript;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL 16's number literals ({@code 1_000}, {@code 0x1F}, {@code 0o17}, {@code 0b101}), which
 * Calcite reads as names, written as the plain decimals the server reads them as: the same value,
 * and so the same type (an integer too big for bigint is numeric either way).
 */
public final class NumberLiterals {

  /** PostgreSQL's scan.l: decinteger, hexinteger, octinteger, bininteger, numeric and real. */
  private static final Pattern LITERAL = Pattern.compile("0[xX](?<hex>(_?[0-9a-fA-F])+)|0[oO](?<oct>(_?[0-7])+)"
      + "|0[bB](?<bin>(_?[01])+)|(?<dec>\\d(_?\\d)*(\\.(\\d(_?\\d)*)?)?([eE][-+]?\\d(_?\\d)*)?)");

  private NumberLiterals() {
  }

  public static String plain(String sql) {
    StringBuilder out = new StringBuilder();
    int copied = 0;
    Matcher m = LITERAL.matcher(sql);
    for (SqlScript.Token t : SqlScript.lex(sql)) {
      int start = t.start();
      // The lexer makes each digit a token of its own: a literal starts at one no name or number goes on.
      if (start < copied || t.kind() != SqlScript.TokenKind.SYMBOL || !Character.isDigit(sql.charAt(start))
          || start > 0 && isPartOfWord(sql.charAt(start - 1))
          || !m.region(start, sql.length()).lookingAt() || m.end() < sql.length() && isPartOfWord(sql.charAt(m.end()))) {
        continue;
      }
      String literal = m.group();
      String plain = m.group("hex") != null ? decimal(m.group("hex"), 16)
          : m.group("oct") != null ? decimal(m.group("oct"), 8)
          : m.group("bin") != null ? decimal(m.group("bin"), 2) : literal.replace("_", "");
      if (!plain.equals(literal)) {
        out.append(sql, copied, start).append(plain);
        copied = m.end();
      }
    }
    return out.append(sql.substring(copied)).toString();
  }

  private static String decimal(String digits, int radix) {
    return new BigInteger(digits.replace("_", "").toLowerCase(Locale.ROOT), radix).toString();
  }

  private static boolean isPartOfWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
  }
}
