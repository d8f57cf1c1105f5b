package io.cutover.migration.plan;

import java.util.Optional;

/** Checks on PostgreSQL names. */
public final class Names {

  /** NAMEDATALEN - 1: a longer name would be truncated by the server. */
  public static final int MAX_LENGTH = 63;

  private Names() {
  }

  /** Why {@code name} cannot be an identifier, or empty when it can (any characters, quoted when emitted). */
  public static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (name.indexOf('\0') >= 0) {
      return Optional.of("must not contain a NUL character");
    }
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
      return Optional.of("\"" + name + "\" is longer than " + MAX_LENGTH + " bytes, PostgreSQL's limit for names");
    }
    return Optional.empty();
  }
}
