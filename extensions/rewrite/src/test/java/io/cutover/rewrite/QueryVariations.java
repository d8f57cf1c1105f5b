package io.cutover.rewrite;

import io.cutover.shell.spi.SqlScript;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Rewrites a query into an equivalent one written differently: keywords in random case, names
 * quoted, an alias for an unaliased heartbeats, the WHERE condition in extra parentheses.
 */
final class QueryVariations {

  private static final Set<String> KEYWORDS = Set.of("select", "from", "where", "group", "by", "order", "and", "or",
      "not", "in", "as", "limit", "desc", "count", "distinct", "having", "is", "null", "sum", "over", "partition",
      "with", "union", "all", "case", "when", "then", "else", "end", "between", "like", "filter", "exists");
  private static final Set<String> QUOTABLE = Set.of("language", "editor", "category", "operating_system",
      "user_agent", "project", "branch", "machine", "user_id", "heartbeats");

  private QueryVariations() {
  }

  static String vary(String sql, Random random) {
    String out = wordCase(sql, random);
    if (random.nextBoolean()) {
      out = aliasHeartbeats(out);
    }
    if (random.nextBoolean()) {
      out = parenthesizeWhere(out);
    }
    return out;
  }

  private static String wordCase(String sql, Random random) {
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (SqlScript.Token t : SqlScript.lex(sql)) {
      if (t.kind() != SqlScript.TokenKind.WORD) {
        continue;
      }
      String w = t.text(sql);
      String lower = w.toLowerCase(Locale.ROOT);
      String replacement = w;
      if (KEYWORDS.contains(lower)) {
        replacement = random.nextBoolean() ? lower.toUpperCase(Locale.ROOT) : lower;
      } else if (QUOTABLE.contains(lower) && random.nextInt(3) == 0 && !followedByDot(sql, t)) {
        replacement = "\"" + lower + "\"";
      }
      out.append(sql, copied, t.start()).append(replacement);
      copied = t.end();
    }
    return out.append(sql.substring(copied)).toString();
  }

  private static boolean followedByDot(String sql, SqlScript.Token t) {
    return t.end() < sql.length() && sql.charAt(t.end()) == '(';
  }

  /** {@code FROM heartbeats WHERE} (no alias, no qualified references) becomes {@code FROM heartbeats AS hb WHERE}. */
  private static String aliasHeartbeats(String sql) {
    if (sql.toLowerCase(Locale.ROOT).contains("heartbeats.")) {
      return sql;
    }
    return sql.replaceAll("(?i)(FROM\\s+\"?heartbeats\"?)(\\s+(WHERE|GROUP)\\b)", "$1 AS hb$2");
  }

  /** The first WHERE condition of a flat query, wrapped in parentheses. */
  private static String parenthesizeWhere(String sql) {
    List<SqlScript.Token> tokens = SqlScript.lex(sql);
    int depth = 0;
    int start = -1;
    for (SqlScript.Token t : tokens) {
      String w = t.text(sql).toLowerCase(Locale.ROOT);
      if (w.equals("(")) {
        depth++;
      } else if (w.equals(")")) {
        depth--;
      } else if (depth == 0 && start < 0 && w.equals("where")) {
        start = t.end();
      } else if (depth == 0 && start >= 0 && Set.of("group", "order", "limit", "union").contains(w)) {
        return sql.substring(0, start) + " (" + sql.substring(start, t.start()).strip() + ") " + sql.substring(t.start());
      }
    }
    return start < 0 ? sql : sql.substring(0, start) + " (" + sql.substring(start).strip() + ")";
  }
}
