package io.cutover.migration.lock;

import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.Cancellation;
import io.cutover.shell.spi.CommandException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a step that needs a table lock under a short {@code lock_timeout}, and retries it on
 * SQLSTATE 55P03 with exponential backoff and jitter, saying each time which session it waited for. The
 * application's queries queue behind a waiting DDL statement, so each wait is bounded by the
 * lock timeout, and between tries the queue drains.
 */
public final class LockRetry {

  /** SQLSTATE lock_not_available: the statement waited lock_timeout and gave up. */
  public static final String LOCK_NOT_AVAILABLE = "55P03";
  /** SQLSTATE deadlock_detected: this session was the victim of a deadlock and was rolled back. */
  static final String DEADLOCK_DETECTED = "40P01";

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /** A step to run; it sets lock_timeout itself (SET LOCAL in its transaction, or SET on the session). */
  @FunctionalInterface
  public interface Step {
    void run() throws SQLException;
  }

  /**
   * @param lockTimeout how long each try may wait for its lock
   * @param retries how many times to try again after the first try
   */
  public record Settings(Duration lockTimeout, int retries) {
    public static final Settings DEFAULT = new Settings(Duration.ofSeconds(2), 10);

    /** The options every DDL step takes: {@code --lock-timeout 2s} and {@code --lock-retries N}. */
    public static Settings of(Arguments.Parsed args, String usage) throws CommandException {
      Duration timeout = args.option("--lock-timeout").isPresent()
          ? Durations.parse("--lock-timeout", args.option("--lock-timeout").get(), usage) : DEFAULT.lockTimeout();
      return new Settings(timeout, (int) args.number("--lock-retries", DEFAULT.retries(), 0, 1000));
    }

    /** {@code lock_timeout}'s value as SET takes it. */
    public String lockTimeoutSetting() {
      return lockTimeout.toMillis() + "ms";
    }
  }

  private final Settings settings;
  private final Connection monitor;
  private final Consumer<String> report;
  private final Cancellation cancellation;

  /**
   * @param monitor a connection to ask who holds locks (not the one that waits)
   * @param report where each retry is said
   */
  public LockRetry(Settings settings, Connection monitor, Consumer<String> report, Cancellation cancellation) {
    this.settings = settings;
    this.monitor = monitor;
    this.report = report;
    this.cancellation = cancellation;
  }

  /**
   * Runs {@code step}, whose statements wait on {@code waiter}: while it runs, the monitor watches
   * that session, so a try that gives up names the session it waited for.
   */
  public void run(String what, Connection waiter, Step step) throws SQLException, CommandException, InterruptedException {
    int pid = Blockers.pid(waiter);
    run(what, () -> new int[] {pid}, step);
  }

  private void run(String what, Supplier<int[]> waiters, Step step)
      throws SQLException, CommandException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      cancellation.throwIfCancelled();
      Optional<Blockers.Blocker> blocker;
      try (WaitWatch watch = new WaitWatch(monitor, waiters, b -> { })) {
        try {
          step.run();
          return;
        } catch (SQLException e) {
          // A deadlock whose victim is this step (it waited for a lock the other session's next
          // statement needed) ends like a lock timeout: rolled back, and tried again after a pause.
          if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState()) && !DEADLOCK_DETECTED.equals(e.getSQLState())) {
            throw e;
          }
        }
        blocker = watch.lastSeen();
      }
      String by = blocker.map(b -> " (waiting for " + b.describe() + ")").orElse("");
      if (attempt >= settings.retries()) {
        throw new CommandException(what + ": gave up after " + (attempt + 1) + " tries, each waiting "
            + seconds(settings.lockTimeout()) + " for its lock" + by,
            blocker.map(b -> "end the blocking session (SELECT pg_terminate_backend(" + b.pid() + ")) when it is safe, or try")
                .orElse("end the blocking transaction, or try")
                + " again with more --lock-retries or a longer --lock-timeout");
      }
      Duration pause = backoff(attempt);
      report.accept(what + ": lock not available within " + seconds(settings.lockTimeout()) + by
          + "; try " + (attempt + 2) + " of " + (settings.retries() + 1) + " in " + seconds(pause));
      sleep(pause);
    }
  }

  private Duration backoff(int attempt) {
    long base = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt, 16));
    long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofMillis(jittered);
  }

  private void sleep(Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      cancellation.throwIfCancelled();
      Thread.sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
