package io.cutover.shell.spi;

import java.util.Optional;

/**
 * A failure the user can act on: what failed and why ({@link #getMessage()}), and what to do
 * about it ({@link #hint()}), printed as psql prints a server error's HINT.
 */
public class CommandException extends Exception {

  private final String hint;

  public CommandException(String message) {
    this(message, null, null);
  }

  public CommandException(String message, String hint) {
    this(message, hint, null);
  }

  public CommandException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }
}
