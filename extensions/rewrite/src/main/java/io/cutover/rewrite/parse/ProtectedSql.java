package io.cutover.rewrite.parse;

import java.util.List;
import java.util.Map;

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

  /** The placeholders' prefix; no real column starts with it. */
  public static final String PLACEHOLDER_PREFIX = "cutover$";

  /** Puts the fragments back into SQL printed from the parsed (and rewritten) tree. */
  public String restore(String printed) {
    String out = printed;
    for (Map.Entry<String, String> f : fragments.entrySet()) {
      out = out.replace(f.getKey(), f.getValue());
    }
    for (Map.Entry<String, String> m : materialized.entrySet()) {
      out = out.replaceFirst("(?i)(\\b" + java.util.regex.Pattern.quote(m.getKey()) + " AS )\\(",
          "$1" + m.getValue() + " (");
    }
    return out;
  }

  public static boolean isPlaceholder(String name) {
    return name.startsWith(PLACEHOLDER_PREFIX);
  }
}
