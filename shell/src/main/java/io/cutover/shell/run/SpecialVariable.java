package io.cutover.shell.run;

import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Variables;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The variables psql treats specially: each checked when set, and given a value again when
 * unset (psql's substitute hooks), with psql's messages. Their defaults are set at start-up.
 */
public enum SpecialVariable {
  AUTOCOMMIT(Kind.BOOLEAN, "on", "off"),
  COMP_KEYWORD_CASE(Kind.CHOICE, "preserve-upper", "preserve-upper", "lower", "upper", "preserve-lower",
      "preserve-upper"),
  ECHO(Kind.CHOICE, "none", "none", "none", "errors", "queries", "all"),
  ECHO_HIDDEN(Kind.BOOLEAN_OR_CHOICE, "off", "off", "on", "off", "noexec"),
  FETCH_COUNT(Kind.INTEGER, "0", "0"),
  HIDE_TABLEAM(Kind.BOOLEAN, "off", "off"),
  HIDE_TOAST_COMPRESSION(Kind.BOOLEAN, "off", "off"),
  HISTCONTROL(Kind.CHOICE, "none", "none", "none", "ignorespace", "ignoredups", "ignoreboth"),
  HISTSIZE(Kind.INTEGER, "500", "500"),
  IGNOREEOF(Kind.INTEGER, "0", "0"),
  ON_ERROR_ROLLBACK(Kind.BOOLEAN_OR_CHOICE, "off", "off", "on", "off", "interactive"),
  ON_ERROR_STOP(Kind.BOOLEAN, "off", "off"),
  PROMPT1(Kind.TEXT, ShellVariables.DEFAULT_PROMPT, null),
  PROMPT2(Kind.TEXT, ShellVariables.DEFAULT_PROMPT, null),
  PROMPT3(Kind.TEXT, ">> ", null),
  QUIET(Kind.BOOLEAN, "off", "off"),
  SHOW_ALL_RESULTS(Kind.BOOLEAN, "on", "on"),
  SHOW_CONTEXT(Kind.CHOICE, "errors", "errors", "never", "errors", "always"),
  SINGLELINE(Kind.BOOLEAN, "off", "off"),
  SINGLESTEP(Kind.BOOLEAN, "off", "off"),
  VERBOSITY(Kind.CHOICE, "default", "default", "default", "verbose", "terse", "sqlstate");

  private enum Kind { BOOLEAN, INTEGER, CHOICE, BOOLEAN_OR_CHOICE, TEXT }

  private final Kind kind;
  private final String initial;
  private final String whenUnset;
  private final List<String> choices;

  SpecialVariable(Kind kind, String initial, String whenUnset, String... choices) {
    this.kind = kind;
    this.initial = initial;
    this.whenUnset = whenUnset;
    this.choices = List.of(choices);
  }

  public static Optional<SpecialVariable> of(String name) {
    return Arrays.stream(values()).filter(v -> v.name().equals(name)).findFirst();
  }

  /** The value at start-up. */
  String initial() {
    return initial;
  }

  /** The value <code>&#92;unset</code> leaves, or empty when the variable is then unset. */
  Optional<String> whenUnset() {
    return Optional.ofNullable(whenUnset);
  }

  /** The value stored for {@code value}: psql reads a bare {@code \set NAME} of a boolean as on. */
  String substitute(String value) {
    return value.isEmpty() && (kind == Kind.BOOLEAN || kind == Kind.BOOLEAN_OR_CHOICE) ? "on" : value;
  }

  /** Refuses a value psql refuses, with psql's message (scripts may match it). */
  void check(String value) throws CommandException {
    switch (kind) {
      case BOOLEAN -> {
        if (Variables.parseBoolean(value).isEmpty()) {
          throw new BareError("unrecognized value \"" + value + "\" for \"" + name() + "\": Boolean expected");
        }
      }
      case INTEGER -> {
        try {
          Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
          throw new BareError("invalid value \"" + value + "\" for \"" + name() + "\": integer expected");
        }
      }
      case CHOICE, BOOLEAN_OR_CHOICE -> {
        boolean ok = choices.contains(value.toLowerCase(Locale.ROOT))
            || kind == Kind.BOOLEAN_OR_CHOICE && Variables.parseBoolean(value).isPresent();
        if (!ok) {
          throw new BareError("unrecognized value \"" + value + "\" for \"" + name() + "\"\n"
              + "Available values are: " + String.join(", ", choices) + ".");
        }
      }
      case TEXT -> { }
    }
  }
}
