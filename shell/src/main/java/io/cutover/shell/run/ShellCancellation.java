package io.cutover.shell.run;

import io.cutover.shell.spi.Cancellation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Ctrl-C for the command or statement now running; reset before each one. */
final class ShellCancellation implements Cancellation {

  private volatile boolean cancelled;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  void reset() {
    cancelled = false;
    listeners.clear();
  }

  void cancel() {
    cancelled = true;
    for (Runnable r : listeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // A listener's failure must not stop the others from hearing the cancel.
      }
    }
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public AutoCloseable onCancel(Runnable action) {
    listeners.add(action);
    if (cancelled) {
      action.run();
    }
    return () -> listeners.remove(action);
  }
}
