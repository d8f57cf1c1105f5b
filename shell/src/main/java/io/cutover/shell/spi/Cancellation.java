package io.cutover.shell.spi;

/** Ctrl-C as seen by a running command. The shell cancels the session's running statement itself. */
public interface Cancellation {

  boolean isCancelled();

  /** Throws {@link java.util.concurrent.CancellationException} once Ctrl-C was pressed. */
  default void throwIfCancelled() {
    if (isCancelled()) {
      throw new java.util.concurrent.CancellationException("canceled by user");
    }
  }

  /**
   * Runs {@code action} when Ctrl-C is pressed (at once if it was already), on another thread.
   * Close the result to stop listening.
   */
  AutoCloseable onCancel(Runnable action);
}
