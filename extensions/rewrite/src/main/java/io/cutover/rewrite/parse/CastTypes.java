package io.cutover.rewrite.parse;

import io.cutover.shell.spi.SqlScript;
import io.cutover.shell.spi.SqlScript.Token;
import io.cutover.shell.spi.SqlScript.TokenKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The column name PostgreSQL gives {@code x::type} when {@code x} names none (FigureColname: the
 * last part of the type's name as its grammar resolves it, so {@code int} is {@code int4} and
 * {@code double precision} is {@code float8}; modifiers and array brackets left out).
 */
public final class CastTypes {

  /** The SQL-standard spellings the grammar maps to a catalog name. */
  private static final Map<String, String> STANDARD = Map.ofEntries(
      Map.entry("int", "int4"), Map.entry("integer", "int4"), Map.entry("smallint", "int2"), Map.entry("bigint", "int8"),
      Map.entry("real", "float4"), Map.entry("double precision", "float8"), Map.entry("float", "float8"),
      Map.entry("decimal", "numeric"), Map.entry("dec", "numeric"), Map.entry("boolean", "bool"),
      Map.entry("character", "bpchar"), Map.entry("char", "bpchar"), Map.entry("nchar", "bpchar"),
      Map.entry("national character", "bpchar"), Map.entry("national char", "bpchar"),
      Map.entry("character varying", "varchar"), Map.entry("char varying", "varchar"),
      Map.entry("national character varying", "varchar"), Map.entry("national char varying", "varchar"),
      Map.entry("nchar varying", "varchar"), Map.entry("timestamp", "timestamp"),
      Map.entry("timestamp without time zone", "timestamp"), Map.entry("timestamp with time zone", "timestamptz"),
      Map.entry("time", "time"), Map.entry("time without time zone", "time"), Map.entry("time with time zone", "timetz"),
      Map.entry("bit varying", "varbit"));

  private CastTypes() {
  }

  /**
   * The placeholder name of the {@code n}th fragment when it is a cast's type: it carries the
   * column name the cast gives, in hex (a type's name may hold any character).
   */
  static String placeholder(int n, String type) {
    return ProtectedSql.PLACEHOLDER_PREFIX + n + "$" + HexFormat.of().formatHex(columnName(type).getBytes(StandardCharsets.UTF_8));
  }

  /** The column name a cast's placeholder carries, if {@code name} is one. */
  public static Optional<String> columnNameOf(String name) {
    int last = name.lastIndexOf('$');
    if (!ProtectedSql.isPlaceholder(name) || last < ProtectedSql.PLACEHOLDER_PREFIX.length()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new String(HexFormat.of().parseHex(name.substring(last + 1)), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The column name of a cast to {@code type} as written ({@code character varying(10)}, {@code pg_catalog.int4}, {@code "My Type"[]}). */
  public static String columnName(String type) {
    List<String> words = new ArrayList<>();
    String last = null;
    boolean inModifier = false;
    int depth = 0;
    for (Token t : SqlScript.lex(type)) {
      String text = t.text(type);
      if (text.equals("(") || text.equals("[")) {
        depth++;
        inModifier = true;
      } else if (text.equals(")") || text.equals("]")) {
        depth--;
      } else if (depth == 0 && text.equals(".")) {
        words.clear();
      } else if (depth == 0 && t.kind() == TokenKind.QUOTED_NAME) {
        last = text.substring(1, text.length() - 1).replace("\"\"", "\"");
        words.clear();
        words.add("\"" + last);
      } else if (depth == 0 && t.kind() == TokenKind.WORD) {
        words.add(text.toLowerCase(Locale.ROOT));
      }
    }
    if (!words.isEmpty() && words.get(0).startsWith("\"")) {
      return last;
    }
    String spelled = String.join(" ", words);
    if (spelled.startsWith("float") && inModifier) {
      // float(p): float4 up to 24 bits of precision, float8 above
      String p = type.replaceAll("[^0-9]", "");
      return !p.isEmpty() && Integer.parseInt(p) <= 24 ? "float4" : "float8";
    }
    return STANDARD.getOrDefault(spelled, words.isEmpty() ? "?column?" : words.get(words.size() - 1));
  }
}
