package io.cutover.shell.run;

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
    values.put("AUTOCOMMIT", "on");
    values.put("ECHO", "none");
    values.put("ON_ERROR_STOP", "off");
    values.put("ON_ERROR_ROLLBACK", "off");
    values.put("QUIET", "off");
    values.put("PROMPT1", DEFAULT_PROMPT);
    values.put("PROMPT2", DEFAULT_PROMPT);
    values.put("PROMPT3", ">> ");
    values.put("VERBOSITY", "default");
    values.put("LAST_ERROR_MESSAGE", "");
    values.put("LAST_ERROR_SQLSTATE", "00000");
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

  /** ECHO: none, errors, queries or all. */
  public String echo() {
    return get("ECHO").orElse("none");
  }
}
