package io.cutover.shell.connect;

/** A connection string or option that cannot be understood. Its message never repeats a password. */
public final class InvalidConninfoException extends Exception {
  public InvalidConninfoException(String message) {
    super(message);
  }
}
