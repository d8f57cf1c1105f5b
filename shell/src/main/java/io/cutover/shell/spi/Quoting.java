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
