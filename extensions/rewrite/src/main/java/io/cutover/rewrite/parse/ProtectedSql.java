package io.cutover.rewrite.parse;

import io.cutover.shell.spi.SqlScript;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A query made parseable by Calcite, and how to put back what was taken out.
 *
 * @param text the query with each protected fragment replaced by a placeholder name
 * @param fragments placeholder (as Calcite prints it, quoted) → the original text
 * @param materialized CTE name → the keyword that followed its AS ({@code MATERIALIZED} or
 *     {@code NOT MATERIALIZED}), which Calcite does not parse and the output must keep
 * @param fragmentWords the names used inside fragments, lower-cased: a dimension among them
 *     means the query cannot be rewritten, since the rewrite cannot see into a fragment
 */
public record ProtectedSql(String text, Map<String, String> fragments, Map<String, String> materialized,
    List<String> fragmentWords) {

  /** The placeholders' prefix; a query naming anything that starts with it is not rewritten. */
  public static final String PLACEHOLDER_PREFIX = "cutover$";

  /**
   * Puts the fragments back into SQL printed from the parsed (and rewritten) tree, token by token:
   * a placeholder is a whole quoted name, never text inside another name or a literal.
   */
  public String restore(String printed) {
    List<SqlScript.Token> tokens = SqlScript.lex(printed);
    StringBuilder out = new StringBuilder();
    Set<String> placed = new HashSet<>();
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      SqlScript.Token t = tokens.get(i);
      String text = t.text(printed);
      String fragment = t.kind() == SqlScript.TokenKind.QUOTED_NAME ? fragments.get(text) : null;
      int end = t.end();
      if (fragment == null && t.kind() == SqlScript.TokenKind.QUOTED_NAME && i + 1 < tokens.size()
          && tokens.get(i + 1).text(printed).equals(",") && fragments.containsKey(text + ", ")) {
        fragment = fragments.get(text + ", ");
        end = i + 2 < tokens.size() ? tokens.get(i + 2).start() : printed.length();
      }
      String keyword = isCteName(tokens, i, printed) && placed.add(cteKey(text)) ? materialized.get(cteKey(text)) : null;
      if (fragment != null) {
        out.append(printed, copied, t.start()).append(fragment);
        copied = end;
      } else if (keyword != null) {
        out.append(printed, copied, tokens.get(i + 1).end()).append(' ').append(keyword);
        copied = tokens.get(i + 1).end();
      }
    }
    return out.append(printed.substring(copied)).toString();
  }

  /** {@code name AS (}: where a CTE's {@code [NOT] MATERIALIZED} goes back. */
  private static boolean isCteName(List<SqlScript.Token> tokens, int i, String printed) {
    return i + 2 < tokens.size() && tokens.get(i + 1).text(printed).equalsIgnoreCase("as")
        && tokens.get(i + 2).text(printed).equals("(");
  }

  /** The protector's key for a CTE name: lower-cased unless quoted. */
  private static String cteKey(String name) {
    return name.startsWith("\"") ? name : name.toLowerCase(Locale.ROOT);
  }

  public static boolean isPlaceholder(String name) {
    return name.startsWith(PLACEHOLDER_PREFIX);
  }
}
