package io.cutover.shell.run;

import io.cutover.shell.session.ErrorReport;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Variables;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** psql's variables, with the defaults psql sets at start-up. */
public final class ShellVariables implements Variables {

  /** The default prompts: database, open construct, transaction state, {@code #} for a superuser. */
  public static final String DEFAULT_PROMPT = "%/%R%x%# ";

  private final Map<String, String> values = new TreeMap<>();

  public ShellVariables() {
    for (SpecialVariable v : SpecialVariable.values()) {
      values.put(v.name(), v.initial());
    }
    values.put("LAST_ERROR_MESSAGE", "");
    values.put("LAST_ERROR_SQLSTATE", "00000");
  }

  /** Whether {@code name} can be a variable: ASCII letters and digits, underscores, any non-ASCII letter. */
  public static boolean isValidName(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> c < 128 ? Character.isLetterOrDigit(c) || c == '_' : true);
  }

  /** Whether psql treats {@code name} specially (checks its values, gives it a value when unset). */
  public static boolean isSpecial(String name) {
    return SpecialVariable.of(name).isPresent();
  }

  /** {@code \set}: a special variable refuses a value psql refuses, keeping the one it had. */
  public void assign(String name, String value) throws CommandException {
    if (!isValidName(name)) {
      throw new BareError("invalid variable name: \"" + name + "\"");
    }
    Optional<SpecialVariable> special = SpecialVariable.of(name);
    String stored = special.map(v -> v.substitute(value)).orElse(value);
    if (special.isPresent()) {
      special.get().check(stored);
    }
    values.put(name, stored);
  }

  /** <code>&#92;unset</code>: a special variable takes the value psql gives it when unset. */
  public void remove(String name) throws CommandException {
    if (!isValidName(name)) {
      throw new BareError("invalid variable name: \"" + name + "\"");
    }
    Optional<String> substitute = SpecialVariable.of(name).flatMap(SpecialVariable::whenUnset);
    if (substitute.isPresent()) {
      values.put(name, substitute.get());
    } else {
      values.remove(name);
    }
  }

  @Override
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  @Override
  public void set(String name, String value) {
    values.put(name, value);
  }

  @Override
  public void unset(String name) {
    values.remove(name);
  }

  /** All variables, sorted by name, as {@code \set} lists them. */
  public Map<String, String> all() {
    return Collections.unmodifiableMap(values);
  }

  public boolean isQuiet() {
    return isOn("QUIET");
  }

  public boolean isOnErrorStop() {
    return isOn("ON_ERROR_STOP");
  }

  /** How errors and notices are printed: VERBOSITY and SHOW_CONTEXT. */
  public ErrorReport.Style errorStyle() {
    return new ErrorReport.Style(ErrorReport.Verbosity.of(get("VERBOSITY").orElse("default")),
        ErrorReport.ShowContext.of(get("SHOW_CONTEXT").orElse("errors")));
  }

  /** ECHO: none, errors, queries or all. */
  public String echo() {
    return get("ECHO").orElse("none");
  }
}
