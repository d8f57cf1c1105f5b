package io.cutover.rewrite.parse;

import io.cutover.shell.spi.Quoting;
import io.cutover.shell.spi.SqlScript;
import io.cutover.shell.spi.SqlScript.Token;
import io.cutover.shell.spi.SqlScript.TokenKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes PostgreSQL that Calcite's Babel parser rejects or misreads parseable, before parsing:
 * <ul>
 *   <li>comments go (1.42 does not nest block comments, and the rewrite prints none);</li>
 *   <li>every string literal becomes a standard one ({@code '...'}, quotes doubled) holding the
 *       value PostgreSQL reads: 1.42 misreads {@code E'\q'}, {@code U&'\+01F600'}, dollar quotes
 *       and a string continued on the next line (the printer writes them back as PostgreSQL reads them);</li>
 *   <li>unquoted names holding non-ASCII letters are quoted as PostgreSQL reads them (only ASCII
 *       letters folded);</li>
 *   <li>column names Calcite reserves ({@code time}, {@code date}, ...) are quoted where they are
 *       names, not type names or typed literals;</li>
 *   <li>each {@code x::type} becomes {@code CAST(x AS placeholder)}, the type put back as written
 *       after printing: 1.42 applies an infix {@code ::} to everything before it
 *       ({@code 1 + x::int * 2} read as {@code (1 + x)::int * 2}) and prints {@code (a + b)::int} without
 *       its parentheses, where PostgreSQL binds {@code ::} tighter than any operator but {@code .} and
 *       {@code []}; and it reads neither {@code int[]} nor {@code double precision} as PostgreSQL does.
 *       A {@code ::} whose operand is not found here is left for {@link PgParser#parse} to refuse;</li>
 *   <li>expressions it cannot parse ({@code x AT TIME ZONE z}, {@code raw_data->>'k'},
 *       {@code interval '7 days'}, {@code DISTINCT ON (...)}) become placeholder names, put back
 *       after printing;</li>
 *   <li>{@code AS [NOT] MATERIALIZED} is taken out of a CTE and put back after printing.</li>
 * </ul>
 * Works on the shell's own tokens, so nothing inside quotes or comments is touched.
 */
public final class FragmentProtector {

  /** Words Calcite reserves that PostgreSQL lets a table use as column names (measured on 1.42). */
  private static final Set<String> RESERVED_NAMES = Set.of("time", "date", "timestamp", "uuid");
  private static final Set<String> JSON_OPERATORS = Set.of("->>", "->", "#>>", "#>");
  /** A number or {@code $n} parameter ending the text: the lexer gives each of their characters a token. */
  private static final Pattern NUMBER_AT_END =
      Pattern.compile("(?<![\\w$.])(\\$\\d+|(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?)\\s*$");
  /** Typed literals ({@code date '2026-01-01'}): the type word and the string are one operand. */
  private static final Set<String> LITERAL_TYPES = Set.of("date", "time", "timestamp", "interval");
  /** Words before a parenthesis that are not a function's name: the parenthesis alone is the operand. */
  private static final Set<String> NOT_FUNCTIONS = Set.of("and", "or", "not", "in", "is", "between", "like",
      "ilike", "similar", "to", "select", "where", "on", "when", "then", "else", "case", "from", "by", "as",
      "having", "join", "using", "values", "distinct", "all", "any", "some", "with", "union", "except",
      "intersect", "lateral", "escape", "limit", "offset", "over", "filter", "group");
  private static final Set<String> INTERVAL_FIELDS = Set.of("year", "month", "day", "hour", "minute", "second", "to");

  private final Map<String, String> fragments = new LinkedHashMap<>();
  private final Map<String, String> materialized = new LinkedHashMap<>();
  private final List<String> fragmentWords = new ArrayList<>();

  private FragmentProtector() {
  }

  /** Whether {@code name} is one this class quotes, so that printing may leave it bare again. */
  static boolean isQuotedReservedName(String name) {
    return RESERVED_NAMES.contains(name);
  }

  public static ProtectedSql protect(String sql) {
    FragmentProtector p = new FragmentProtector();
    String text = p.casts(p.castFunctionTypes(p.materialized(p.quoteReservedNames(standardStrings(withoutComments(sql))))));
    String previous;
    do {
      previous = text;
      text = p.oneFragment(text);
    } while (!text.equals(previous));
    return new ProtectedSql(text, Map.copyOf(p.fragments), Map.copyOf(p.materialized), List.copyOf(p.fragmentWords));
  }

  private String quoteReservedNames(String sql) {
    List<Token> tokens = SqlScript.lex(sql);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    int castDepth = -1;
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      String text = t.text(sql);
      if (text.equals("(")) {
        depth++;
        if (castDepth < 0 && i > 0 && word(sql, tokens, i - 1).equals("cast")) {
          castDepth = depth;
        }
      } else if (text.equals(")")) {
        if (depth == castDepth) {
          castDepth = -1;
        }
        depth--;
      }
      if (t.kind() == TokenKind.WORD && !text.chars().allMatch(c -> c < 0x80)) {
        // PostgreSQL folds only the ASCII letters of an unquoted name (Ärger stays Ärger), Calcite all of them.
        out.append(sql, copied, t.start()).append(Quoting.identifier(asciiLowerCase(text)));
        copied = t.end();
        continue;
      }
      if (t.kind() != TokenKind.WORD || !RESERVED_NAMES.contains(text.toLowerCase(Locale.ROOT))) {
        continue;
      }
      String before = i > 0 ? tokens.get(i - 1).text(sql) : "";
      String beforeWord = word(sql, tokens, i - 1);
      String after = i + 1 < tokens.size() ? tokens.get(i + 1).text(sql).toLowerCase(Locale.ROOT) : "";
      boolean typeName = before.equals(":") || beforeWord.equals("with") || beforeWord.equals("without")
          || (beforeWord.equals("as") && castDepth == depth);
      boolean literal = i + 1 < tokens.size() && tokens.get(i + 1).kind() == TokenKind.STRING;
      boolean typeWords = after.equals("zone") || after.equals("with") || after.equals("without");
      if (typeName || literal || typeWords) {
        continue;
      }
      out.append(sql, copied, t.start()).append('"').append(text.toLowerCase(Locale.ROOT)).append('"');
      copied = t.end();
    }
    return out.append(sql.substring(copied)).toString();
  }

  /** Each comment becomes a space, or a newline where it held one (a string may continue after it). */
  private static String withoutComments(String sql) {
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (Token t : SqlScript.lex(sql)) {
      String gap = sql.substring(copied, t.start());
      out.append(gap.isBlank() ? gap : gap.contains("\n") ? "\n" : " ").append(sql, t.start(), t.end());
      copied = t.end();
    }
    return out.toString();
  }

  private static String standardStrings(String sql) {
    List<Token> tokens = SqlScript.lex(sql);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != TokenKind.STRING && t.kind() != TokenKind.DOLLAR_STRING) {
        continue;
      }
      String text = t.text(sql);
      int last = i;
      while (t.kind() == TokenKind.STRING && last + 1 < tokens.size() && continues(sql, tokens.get(last), tokens.get(last + 1))) {
        text = text.substring(0, text.length() - 1) + tokens.get(++last).text(sql).substring(1);
      }
      String standard = new Token(t.kind(), 0, text.length()).stringValue(text)
          .map(v -> "'" + v.replace("'", "''") + "'").orElse(text);
      if (!standard.equals(text) || last > i) {
        out.append(sql, copied, t.start()).append(standard);
        copied = tokens.get(last).end();
      }
      i = last;
    }
    return out.append(sql.substring(copied)).toString();
  }

  /** Whether {@code next} continues string {@code t}: a plain quote after white space holding a newline. */
  private static boolean continues(String sql, Token t, Token next) {
    String between = sql.substring(t.end(), next.start());
    return next.kind() == TokenKind.STRING && sql.charAt(next.start()) == '\'' && between.isBlank() && between.contains("\n");
  }

  private static String asciiLowerCase(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.chars().forEach(c -> out.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
    return out.toString();
  }

  /** {@code name AS [NOT] MATERIALIZED (} becomes {@code name AS (}, remembered per CTE name. */
  private String materialized(String sql) {
    List<Token> tokens = SqlScript.lex(sql);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (int i = 2; i < tokens.size(); i++) {
      if (!word(sql, tokens, i).equals("materialized") || !word(sql, tokens, i - 1).matches("as|not")) {
        continue;
      }
      boolean not = word(sql, tokens, i - 1).equals("not");
      int as = not ? i - 2 : i - 1;
      if (as < 1 || !word(sql, tokens, as).equals("as")) {
        continue;
      }
      String name = tokens.get(as - 1).text(sql);
      materialized.put(name.startsWith("\"") ? name : name.toLowerCase(Locale.ROOT),
          not ? "NOT MATERIALIZED" : "MATERIALIZED");
      out.append(sql, copied, tokens.get(as).end());
      copied = tokens.get(i).end();
    }
    return out.append(sql.substring(copied)).toString();
  }

  /**
   * The type of each {@code CAST(x AS type)} goes into a placeholder as written, as a {@code ::}
   * cast's: Calcite 1.42 prints some standard types in words PostgreSQL does not read ({@code double
   * precision} as DOUBLE, {@code interval} as INTERVAL SECOND) and parses no array type ({@code
   * int[]}). A type not read whole here is left for Calcite.
   */
  private String castFunctionTypes(String sql) {
    int skipped = 0;
    while (true) {
      List<Token> t = SqlScript.lex(sql);
      int seen = 0;
      int open = -1;
      for (int i = 1; i < t.size() && open < 0; i++) {
        if (symbols(sql, t, i, "(") && word(sql, t, i - 1).equals("cast") && seen++ == skipped) {
          open = i;
        }
      }
      if (open < 0) {
        return sql;
      }
      skipped++;
      int close = matching(sql, t, open);
      int as = -1;
      int depth = 0;
      for (int i = open + 1; i < close; i++) {
        String s = t.get(i).text(sql);
        depth += s.equals("(") || s.equals("[") ? 1 : s.equals(")") || s.equals("]") ? -1 : 0;
        if (depth == 0 && word(sql, t, i).equals("as")) {
          as = i;
        }
      }
      if (as < 0 || !symbols(sql, t, close, ")") || castTypeEnd(sql, t, as + 1) != close - 1) {
        continue;
      }
      String type = sql.substring(t.get(as + 1).start(), t.get(close - 1).end());
      String name = "\"" + CastTypes.placeholder(fragments.size() + 1, type) + "\"";
      fragments.put(name, type);
      sql = sql.substring(0, t.get(as + 1).start()) + name + sql.substring(t.get(close - 1).end());
    }
  }

  /**
   * Each {@code operand::type} becomes {@code CAST(operand AS placeholder)}, left to right, so a
   * chain {@code x::text::int} nests. The type goes into a placeholder as written (no name in it is
   * a column, so none is reported in {@link ProtectedSql#fragmentWords}).
   */
  private String casts(String sql) {
    int skipped = 0;
    while (true) {
      List<Token> t = SqlScript.lex(sql);
      int seen = 0;
      int cast = -1;
      for (int i = 1; i < t.size() && cast < 0; i++) {
        if (symbols(sql, t, i, "::") && seen++ == skipped) {
          cast = i;
        }
      }
      if (cast < 0) {
        return sql;
      }
      int from = castOperandStart(sql, t, cast - 1);
      int to = castTypeEnd(sql, t, cast + 2);
      if (from < 0 || to < 0) {
        skipped++;
        continue;
      }
      String type = sql.substring(t.get(cast + 2).start(), t.get(to).end());
      // The name carries the column name PostgreSQL gives the cast ("int4" for int), which the
      // rewrite needs where it names an unnamed cast's column (OutputNames) and cannot see the type.
      String name = "\"" + CastTypes.placeholder(fragments.size() + 1, type) + "\"";
      fragments.put(name, type);
      sql = sql.substring(0, t.get(from).start()) + "CAST(" + sql.substring(t.get(from).start(), t.get(cast).start()).strip()
          + " AS " + name + ")" + sql.substring(t.get(to).end());
    }
  }

  /**
   * Where the operand of a {@code ::} ending at token {@code last} starts, as PostgreSQL binds it: a
   * literal, number, parameter, name chain, call (with its {@code OVER}/{@code FILTER}), parenthesis,
   * {@code CASE ... END}, {@code ARRAY[...]} or subscript; -1 when it is none of these.
   */
  private static int castOperandStart(String sql, List<Token> t, int last) {
    if (last < 0) {
      return -1;
    }
    Matcher number = NUMBER_AT_END.matcher(sql.substring(0, t.get(last).end()));
    if (number.find()) {
      for (int k = last; k >= 0; k--) {
        if (t.get(k).start() == number.start()) {
          return k;
        }
      }
      return -1;
    }
    Token end = t.get(last);
    String s = end.text(sql);
    int k;
    if (s.equals(")")) {
      k = matchingBack(sql, t, last);
      String before = word(sql, t, k - 1);
      if ((before.equals("over") || before.equals("filter")) && k >= 2 && t.get(k - 2).text(sql).equals(")")) {
        return castOperandStart(sql, t, k - 2);
      }
      if (before.equals("group") && word(sql, t, k - 2).equals("within") && k >= 3) {
        return castOperandStart(sql, t, k - 3);
      }
      if (k > 0 && isName(t.get(k - 1)) && !NOT_FUNCTIONS.contains(before)) {
        k = nameChainStart(sql, t, k - 1);
      }
    } else if (s.equals("]")) {
      k = matchingBack(sql, t, last);
      if (word(sql, t, k - 1).equals("array")) {
        k--;
      } else {
        return k > 0 ? castOperandStart(sql, t, k - 1) : -1;
      }
    } else if (s.equals("?")) {
      k = last;
    } else if (end.kind() == TokenKind.STRING) {
      k = LITERAL_TYPES.contains(word(sql, t, last - 1)) ? last - 1 : last;
    } else if (word(sql, t, last).equals("end")) {
      k = last;
      for (int depth = 0; k >= 0; k--) {
        String w = word(sql, t, k);
        depth += w.equals("end") ? 1 : w.equals("case") ? -1 : 0;
        if (depth == 0) {
          break;
        }
      }
    } else if (isName(end)) {
      k = nameChainStart(sql, t, last);
    } else {
      return -1;
    }
    // A type name of a cast not converted, or a field of a row: not an operand found here.
    boolean afterCast = k >= 1 && t.get(k - 1).text(sql).equals(":");
    boolean field = k >= 1 && t.get(k - 1).text(sql).equals(".");
    return k < 0 || afterCast || field ? -1 : k;
  }

  private static int nameChainStart(String sql, List<Token> t, int last) {
    int i = last;
    while (i >= 2 && t.get(i - 1).text(sql).equals(".") && isName(t.get(i - 2))) {
      i -= 2;
    }
    return i;
  }

  /** The token opening the parenthesis or bracket closed at {@code close}; -1 when none does. */
  private static int matchingBack(String sql, List<Token> t, int close) {
    String closing = t.get(close).text(sql);
    String open = closing.equals("]") ? "[" : "(";
    int depth = 0;
    for (int i = close; i >= 0; i--) {
      String s = t.get(i).text(sql);
      depth += s.equals(closing) ? 1 : s.equals(open) ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Where the type name starting at token {@code first} ends, as PostgreSQL reads one: a (qualified)
   * name, the words of {@code double precision}, {@code character varying}, {@code time with time zone}
   * and interval fields, modifiers {@code (n, m)} and array bounds {@code [] / ARRAY}; -1 when none.
   */
  private static int castTypeEnd(String sql, List<Token> t, int first) {
    if (first >= t.size() || !isName(t.get(first))) {
      return -1;
    }
    int i = nameChainEnd(sql, t, first);
    String w = word(sql, t, i);
    if (w.equals("double") && word(sql, t, i + 1).equals("precision")) {
      i++;
    }
    if (w.equals("national") && word(sql, t, i + 1).matches("character|char")) {
      i++;
    }
    if (w.matches("national|character|char|nchar|bit") && word(sql, t, i + 1).equals("varying")) {
      i++;
    }
    if (w.equals("interval")) {
      while (INTERVAL_FIELDS.contains(word(sql, t, i + 1))) {
        i++;
      }
    }
    if (symbols(sql, t, i + 1, "(")) {
      i = matching(sql, t, i + 1);
    }
    if (w.matches("time|timestamp") && word(sql, t, i + 1).matches("with|without")
        && word(sql, t, i + 2).equals("time") && word(sql, t, i + 3).equals("zone")) {
      i += 3;
    }
    while (true) {
      if (symbols(sql, t, i + 1, "[")) {
        i = matching(sql, t, i + 1);
      } else if (word(sql, t, i + 1).equals("array")) {
        i++;
      } else {
        return i;
      }
    }
  }

  private static int nameChainEnd(String sql, List<Token> t, int first) {
    int i = first;
    while (i + 2 < t.size() && t.get(i + 1).text(sql).equals(".") && isName(t.get(i + 2))) {
      i += 2;
    }
    return i;
  }

  /** Replaces the first unparseable fragment found with a placeholder; returns the SQL unchanged when none. */
  private String oneFragment(String sql) {
    List<Token> t = SqlScript.lex(sql);
    for (int i = 0; i < t.size(); i++) {
      String w = word(sql, t, i);
      if (w.equals("interval") && i + 1 < t.size() && t.get(i + 1).kind() == TokenKind.STRING) {
        return replace(sql, t.get(i).start(), t.get(i + 1).end(), false);
      }
      if (w.equals("distinct") && word(sql, t, i + 1).equals("on") && symbols(sql, t, i + 2, "(")) {
        int close = matching(sql, t, i + 2);
        return replace(sql, t.get(i).start(), t.get(close).end(), true);
      }
      if (w.equals("at") && word(sql, t, i + 1).equals("time") && word(sql, t, i + 2).equals("zone") && i > 0) {
        int from = operandStart(sql, t, i - 1);
        int to = operandEnd(sql, t, i + 3);
        if (from >= 0 && to >= 0) {
          return replace(sql, t.get(from).start(), t.get(to).end(), false);
        }
      }
      for (String op : JSON_OPERATORS) {
        if (symbols(sql, t, i, op) && i > 0) {
          int from = operandStart(sql, t, i - 1);
          int to = operandEnd(sql, t, i + op.length());
          if (from >= 0 && to >= 0) {
            return replace(sql, t.get(from).start(), t.get(to).end(), false);
          }
        }
      }
    }
    return sql;
  }

  /**
   * @param selectItem {@code DISTINCT ON (...)}: the placeholder stands as the first select item,
   *     and the printed {@code "placeholder", } becomes {@code DISTINCT ON (...) } again
   */
  private String replace(String sql, int start, int end, boolean selectItem) {
    String fragment = sql.substring(start, end);
    String name = "\"" + ProtectedSql.PLACEHOLDER_PREFIX + (fragments.size() + 1) + "\"";
    for (Token w : SqlScript.lex(fragment)) {
      if (w.kind() == TokenKind.WORD) {
        fragmentWords.add(w.text(fragment).toLowerCase(Locale.ROOT));
      } else if (w.kind() == TokenKind.QUOTED_NAME) {
        fragmentWords.add(w.text(fragment).substring(1, w.text(fragment).length() - 1));
      }
    }
    // The fragment may hold placeholders of its own (nested): put them back into its text now.
    String restored = fragment;
    for (Map.Entry<String, String> f : fragments.entrySet()) {
      restored = restored.replace(f.getKey(), f.getValue());
    }
    if (selectItem) {
      fragments.put(name + ", ", restored + " ");
      return sql.substring(0, start) + name + "," + sql.substring(end);
    }
    fragments.put(name, restored);
    return sql.substring(0, start) + name + sql.substring(end);
  }

  /** Where the operand ending at token {@code last} starts: a name chain, or a call or parenthesis. */
  private static int operandStart(String sql, List<Token> t, int last) {
    int i = last;
    if (t.get(i).text(sql).equals(")")) {
      int depth = 0;
      for (; i >= 0; i--) {
        String s = t.get(i).text(sql);
        depth += s.equals(")") ? 1 : s.equals("(") ? -1 : 0;
        if (depth == 0) {
          break;
        }
      }
      if (i < 0) {
        return -1;
      }
      if (i > 0 && isName(t.get(i - 1))) {
        i--;
      } else {
        return i;
      }
    }
    if (!isName(t.get(i)) && t.get(i).kind() != TokenKind.STRING) {
      return -1;
    }
    while (i >= 2 && t.get(i - 1).text(sql).equals(".") && isName(t.get(i - 2))) {
      i -= 2;
    }
    return i;
  }

  /** Where the operand starting at token {@code first} ends: a literal, parameter, name chain, call or parenthesis. */
  private static int operandEnd(String sql, List<Token> t, int first) {
    if (first >= t.size()) {
      return -1;
    }
    Token f = t.get(first);
    String s = f.text(sql);
    if (s.equals("(")) {
      return matching(sql, t, first);
    }
    if (f.kind() == TokenKind.STRING || s.equals("?") || s.chars().allMatch(Character::isDigit)) {
      return first;
    }
    if (s.equals("$") && first + 1 < t.size()) {
      return first + 1;
    }
    if (!isName(f)) {
      return -1;
    }
    int i = nameChainEnd(sql, t, first);
    // A call, such as the CAST a :: became: raw_data ->> CAST('k' AS int).
    return symbols(sql, t, i + 1, "(") ? matching(sql, t, i + 1) : i;
  }

  /** The token closing the parenthesis or bracket opened at {@code open}; the last token when none does. */
  private static int matching(String sql, List<Token> t, int open) {
    String opening = t.get(open).text(sql);
    String closing = opening.equals("[") ? "]" : ")";
    int depth = 0;
    for (int i = open; i < t.size(); i++) {
      String s = t.get(i).text(sql);
      depth += s.equals(opening) ? 1 : s.equals(closing) ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    return t.size() - 1;
  }

  private static boolean isName(Token t) {
    return t.kind() == TokenKind.WORD || t.kind() == TokenKind.QUOTED_NAME;
  }

  /** Whether the symbol tokens from {@code i} spell {@code op} with nothing between them. */
  private static boolean symbols(String sql, List<Token> t, int i, String op) {
    if (i + op.length() > t.size()) {
      return false;
    }
    for (int k = 0; k < op.length(); k++) {
      Token tok = t.get(i + k);
      if (tok.kind() != TokenKind.SYMBOL || tok.text(sql).charAt(0) != op.charAt(k)
          || (k > 0 && tok.start() != t.get(i + k - 1).end())) {
        return false;
      }
    }
    // "->" must not be the start of "->>".
    int after = i + op.length();
    return after >= t.size() || t.get(after).kind() != TokenKind.SYMBOL || t.get(after).start() != t.get(after - 1).end()
        || !(op + t.get(after).text(sql)).matches("->>|#>>");
  }

  private static String word(String sql, List<Token> t, int i) {
    return i >= 0 && i < t.size() && t.get(i).kind() == TokenKind.WORD ? t.get(i).text(sql).toLowerCase(Locale.ROOT) : "";
  }
}
