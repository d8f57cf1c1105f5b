package io.cutover.shell.spi;

/**
 * The one place where names and values are turned into SQL text. Prefer bind parameters for
 * values; {@link #literal} is for DDL and {@code :'var'} interpolation, which cannot bind.
 */
public final class Quoting {

  private Quoting() {
  }

  /** A quoted identifier: {@code "name"}, embedded quotes doubled. Always quoted, so case and odd characters survive. */
  public static String identifier(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("identifier contains a NUL character");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
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

  /** A string literal as libpq's PQescapeLiteral writes it: {@code 'it''s'}, or {@code E'a\\b'} when it holds a backslash. */
  public static String literal(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("string literal contains a NUL character");
    }
    String doubled = value.replace("'", "''");
    if (value.indexOf('\\') >= 0) {
      return " E'" + doubled.replace("\\", "\\\\") + "'";
    }
    return "'" + doubled + "'";
  }
}
