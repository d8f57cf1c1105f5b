package io.cutover.shell.spi;

import java.util.Optional;

/** psql variables: {@code \set}, {@code -v}, and the special ones (ON_ERROR_STOP, QUIET, ...). */
public interface Variables {

  Optional<String> get(String name);

  void set(String name, String value);

  void unset(String name);

  /** Whether the variable is set to a true value as psql reads booleans (on, true, yes, 1, or any prefix of them). */
  default boolean isOn(String name) {
    return get(name).map(Variables::isTrue).orElse(false);
  }

  /** psql's boolean parsing: unique prefixes of on/off/true/false/yes/no, and 1/0; anything else is false. */
  static boolean isTrue(String value) {
    return parseBoolean(value).orElse(false);
  }

  /** A boolean as psql's ParseVariableBool reads it, or empty when {@code value} is none. */
  static Optional<Boolean> parseBoolean(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if ("true".startsWith(v) || "yes".startsWith(v) || v.equals("on") || v.equals("1")) {
      return Optional.of(true);
    }
    if ("false".startsWith(v) || "no".startsWith(v) || v.length() >= 2 && "off".startsWith(v) || v.equals("0")) {
      return Optional.of(false);
    }
    return Optional.empty();
  }
}
