package io.cutover.shell.run;

import io.cutover.shell.spi.BackgroundTask;
import io.cutover.shell.spi.Printer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The work commands left running ({@code \backfill --background}). Leaving the shell would cut it
 * off, so the shell waits for it at the end of a script and stops it only when the user says so.
 */
public final class BackgroundTasks {

  /** How long a stopped task may take to reach its next safe point (a backfill ends its batch) before the shell leaves anyway. */
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

  private record Task(String name, Instant started, Thread thread, ShellCancellation cancellation) {
    String describe() {
      return name + " (running for " + Duration.between(started, Instant.now()).toSeconds() + " s)";
    }
  }

  private final Set<Task> tasks = ConcurrentHashMap.newKeySet();

  void start(String name, BackgroundTask work, Printer printer) {
    ShellCancellation cancellation = new ShellCancellation();
    Task[] self = new Task[1];
    Thread thread = new Thread(() -> {
      try {
        work.run(cancellation);
      } catch (Exception e) {
        printer.warning("the background " + name + " failed: " + e.getMessage());
      } finally {
        tasks.remove(self[0]);
      }
    }, "cutover-background-" + name);
    // The shell decides when to wait and when to leave; a forgotten thread must not keep the JVM up.
    thread.setDaemon(true);
    self[0] = new Task(name, Instant.now(), thread, cancellation);
    tasks.add(self[0]);
    thread.start();
  }

  public boolean isEmpty() {
    return tasks.isEmpty();
  }

  /** What runs now, oldest first, as "backfill (running for 12 s)". */
  public String describe() {
    return String.join(", ", running().stream().map(Task::describe).toList());
  }

  /** Waits until no task runs (tasks may start others), saying what it waits for. */
  public void awaitAll(PrintStream err) {
    while (!tasks.isEmpty()) {
      err.println("Waiting for background work to finish: " + describe() + ". Ctrl-C stops waiting and cuts it off.");
      for (Task t : running()) {
        try {
          t.thread().join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Asks every task to stop, and waits for each to reach its safe point ({@link #STOP_PATIENCE} at most). */
  public void stopAll(PrintStream err) {
    List<Task> stopping = running();
    stopping.forEach(t -> t.cancellation().cancel());
    for (Task t : stopping) {
      try {
        t.thread().join(STOP_PATIENCE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.thread().isAlive()) {
        err.println("WARNING:  the background " + t.name() + " did not stop within " + STOP_PATIENCE.toSeconds()
            + " s; leaving cuts it off");
        tasks.remove(t);
      }
    }
  }

  private List<Task> running() {
    return tasks.stream().sorted(Comparator.comparing(Task::started)).toList();
  }
}
