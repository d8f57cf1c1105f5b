package io.cutover.shell.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition that other processes bring about (a backend's state, a row), never for a time. */
public final class Await {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  /** Between two looks: a poll interval, not a guess at how long the condition takes. */
  private static final long POLL_MS = 20;

  private Await() {
  }

  /** Returns once {@code condition} holds; fails, naming {@code what}, after a minute. */
  public static void until(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
      }
      Thread.sleep(POLL_MS);
    }
  }
}
