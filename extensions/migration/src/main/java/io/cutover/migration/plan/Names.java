package io.cutover.migration.plan;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Checks on PostgreSQL names. */
public final class Names {

  /** NAMEDATALEN - 1: a longer name would be truncated by the server. */
  public static final int MAX_LENGTH = 63;

  private Names() {
  }

  /**
   * The name of an object cutover makes for one table in its own schema (a trigger function):
   * {@code <table>_<suffix>_<hash of schema and table>}, the table's name cut to fit, so that tables
   * of one name in two schemas (a schema per tenant) never share one, nor two objects of one table.
   */
  public static String perTable(String schema, String table, String suffix) {
    // The table's name is cut, never the suffix: two objects of one table must never share a name.
    return fitted(table, "_" + suffix + "_" + sha256(schema + '\0' + table).substring(0, 8));
  }

  /** {@code name} cut (by whole characters) so that it and {@code tail} fit in a name; the tail is never cut. */
  public static String fitted(String name, String tail) {
    String cut = name;
    while ((cut + tail).getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
      cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
    }
    return cut + tail;
  }

  /** The SHA-256 of {@code text}'s UTF-8 bytes, in hex. */
  static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Why {@code name} cannot be an identifier, or empty when it can (any characters, quoted when emitted). */
  public static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (name.indexOf('\0') >= 0) {
      return Optional.of("must not contain a NUL character");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
      return Optional.of("\"" + name + "\" is longer than " + MAX_LENGTH + " bytes, PostgreSQL's limit for names");
    }
    return Optional.empty();
  }
}
