package io.cutover.shell.run;

/** Thrown by {@code \q} (and fatal conditions) to end the shell with a status. */
public final class ShellExit extends RuntimeException {

  private final ExitStatus status;

  public ShellExit(ExitStatus status) {
    super(status.name(), null, false, false);
    this.status = status;
  }

  public ExitStatus status() {
    return status;
  }
}
