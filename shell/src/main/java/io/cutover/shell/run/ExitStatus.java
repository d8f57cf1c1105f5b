package io.cutover.shell.run;

/** psql's exit statuses; scripts depend on these numbers. */
public enum ExitStatus {
  /** Normal end, also after errors when ON_ERROR_STOP is off. */
  OK(0),
  /** A fatal error of the shell itself: bad option, missing file; or a failed {@code -c}. */
  FATAL(1),
  /** The connection to the server failed or was lost in a non-interactive session. */
  CONNECTION(2),
  /** An error in a script while ON_ERROR_STOP was set. */
  SCRIPT_ERROR(3);

  private final int code;

  ExitStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
