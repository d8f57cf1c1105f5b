package io.cutover.shell.run;

/** A command failed and has already told the user why (a statement's server error): nothing more to print. */
public final class FailureReported extends RuntimeException {
  public FailureReported() {
    super("failure already reported", null, false, false);
  }
}
