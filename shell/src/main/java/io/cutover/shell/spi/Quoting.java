package io.cutover.shell.spi;

import java.util.Set;

/**
 * The one place where names and values are turned into SQL text. Prefer bind parameters for
 * values; {@link #literal} is for DDL, {@code :'var'} interpolation and SQL shown to the user,
 * which cannot bind.
 */
public final class Quoting {

  /**
   * PostgreSQL 17's keywords that are not unreserved (reserved, column-name and type/function-name):
   * as a bare name each means the keyword, so {@code quote_ident} quotes them.
   */
  private static final Set<String> KEYWORDS = Set.of(
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
      "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
      "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
      "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "dec",
      "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists", "extract",
      "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping",
      "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
      "isnull", "join", "json", "json_array", "json_arrayagg", "json_exists", "json_object", "json_objectagg",
      "json_query", "json_scalar", "json_serialize", "json_table", "json_value", "lateral", "leading", "least",
      "left", "like", "limit", "localtime", "localtimestamp", "merge_action", "national", "natural", "nchar", "none",
      "normalize", "not", "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out",
      "outer", "overlaps", "overlay", "placing", "position", "precision", "primary", "real", "references",
      "returning", "right", "row", "select", "session_user", "setof", "similar", "smallint", "some", "substring",
      "symmetric", "system_user", "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat",
      "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when", "where",
      "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces",
      "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable");

  private Quoting() {
  }

  /** A quoted identifier: {@code "name"}, embedded quotes doubled. Always quoted, so case and odd characters survive. */
  public static String identifier(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("identifier contains a NUL character");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * Whether PostgreSQL reads {@code name} as this name only when quoted, as {@code quote_ident}
   * decides: anything but lower-case letters, digits, {@code _} and {@code $} (not first), or a
   * keyword that is not unreserved.
   */
  public static boolean needsQuotes(String name) {
    return !name.matches("[a-z_][a-z0-9_$]*") || KEYWORDS.contains(name);
  }

  /** {@code "schema"."name"}. */
  public static String qualified(String schema, String name) {
    return identifier(schema) + '.' + identifier(name);
  }

  /**
   * A possibly qualified name as PostgreSQL reads it ({@code events}, {@code public.Events},
   * {@code "Tenant"."hb"}): its parts, a bare part folded to lower case (ASCII letters only, as the
   * server does), a quoted one kept with its doubled quotes undone. Empty when it is not a name.
   */
  public static java.util.List<String> parseName(String typed) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    String text = typed.strip();
    int i = 0;
    while (i < text.length()) {
      StringBuilder part = new StringBuilder();
      if (text.charAt(i) == '"') {
        i++;
        while (true) {
          int quote = text.indexOf('"', i);
          if (quote < 0) {
            return java.util.List.of();
          }
          part.append(text, i, quote);
          i = quote + 1;
          if (i < text.length() && text.charAt(i) == '"') {
            part.append('"');
            i++;
          } else {
            break;
          }
        }
      } else {
        int end = text.indexOf('.', i);
        end = end < 0 ? text.length() : end;
        for (char ch : text.substring(i, end).strip().toCharArray()) {
          part.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch);
        }
        i = end;
      }
      if (part.isEmpty()) {
        return java.util.List.of();
      }
      parts.add(part.toString());
      if (i < text.length()) {
        if (text.charAt(i) != '.' || i == text.length() - 1) {
          return java.util.List.of();
        }
        i++;
      }
    }
    return parts;
  }

  /**
   * Text to follow {@code --} on one line of SQL: a name may hold a line break, after which the
   * rest would be SQL; control characters are written as {@code \\uXXXX} instead.
   */
  public static String commentText(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format(java.util.Locale.ROOT, "\\u%04X", c)
        : Character.toString(c)));
    return out.toString();
  }

  /**
   * {@code body} between dollar quotes whose tag it does not contain: a quoted name inside it
   * holding {@code $cutover$} would otherwise end the body there, and the rest would run as SQL.
   */
  public static String dollarQuoted(String body) {
    String tag = "$cutover$";
    for (int n = 1; body.contains(tag); n++) {
      tag = "$cutover" + n + "$";
    }
    return tag + body + tag;
  }

  /**
   * A string literal as libpq's PQescapeLiteral writes it: {@code 'it''s'}, or {@code E'a\\b'} when
   * it holds a backslash. Control characters are written as escapes in the {@code E''} form
   * ({@code E'a\nb'}), so the text stays on its line and prints nothing a terminal obeys.
   */
  public static String literal(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("string literal contains a NUL character");
    }
    String doubled = value.replace("'", "''");
    if (value.indexOf('\\') < 0 && value.chars().noneMatch(Character::isISOControl)) {
      return "'" + doubled + "'";
    }
    StringBuilder out = new StringBuilder(" E'");
    doubled.codePoints().forEach(c -> out.append(switch (c) {
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      default -> Character.isISOControl(c) ? String.format(java.util.Locale.ROOT, "\\u%04X", c) : Character.toString(c);
    }));
    return out.append('\'').toString();
  }
}
