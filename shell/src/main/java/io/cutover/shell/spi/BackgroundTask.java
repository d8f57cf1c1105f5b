package io.cutover.shell.spi;

/** Work a command leaves running after it returns; see {@link CommandContext#runInBackground}. */
@FunctionalInterface
public interface BackgroundTask {

  /**
   * Does the work on the task's own thread.
   *
   * @param cancellation set when the shell stops the task (a confirmed {@code \q}); the task
   *     should end at its next safe point. Not the foreground command's Ctrl-C.
   * @throws Exception printed as a warning that names the task
   */
  void run(Cancellation cancellation) throws Exception;
}
