package io.cutover.migration.lock;

import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.Cancellation;
import io.cutover.shell.spi.CommandException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Runs a step that needs a table lock under a short {@code lock_timeout}, and retries it on
 * SQLSTATE 55P03 with exponential backoff and jitter, saying each time who holds the lock. The
 * application's queries queue behind a waiting DDL statement, so each wait is bounded by the
 * lock timeout, and between tries the queue drains.
 */
public final class LockRetry {

  /** SQLSTATE lock_not_available: the statement waited lock_timeout and gave up. */
  public static final String LOCK_NOT_AVAILABLE = "55P03";

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /** Who blocks: the oldest open transactions other than ours (the usual culprits are idle in transaction). */
  private static final String BLOCKERS = """
      SELECT pid, state, extract(epoch FROM now() - xact_start)::int, left(regexp_replace(query, '\\s+', ' ', 'g'), 60)
      FROM pg_catalog.pg_stat_activity
      WHERE pid <> pg_backend_pid() AND xact_start IS NOT NULL AND datname = current_database()
      ORDER BY xact_start LIMIT 1
      """;

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

  public void run(String what, Step step) throws SQLException, CommandException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      cancellation.throwIfCancelled();
      try {
        step.run();
        return;
      } catch (SQLException e) {
        if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw e;
        }
        String blocker = blocker();
        if (attempt >= settings.retries()) {
          throw new CommandException(what + ": gave up after " + (attempt + 1) + " tries, each waiting "
              + seconds(settings.lockTimeout()) + " for its lock" + blocker,
              "end the blocking transaction, or try again with more --lock-retries or a longer --lock-timeout");
        }
        Duration pause = backoff(attempt);
        report.accept(what + ": lock not available within " + seconds(settings.lockTimeout()) + blocker
            + "; try " + (attempt + 2) + " of " + (settings.retries() + 1) + " in " + seconds(pause));
        sleep(pause);
      }
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

  private String blocker() {
    try (PreparedStatement ps = monitor.prepareStatement(BLOCKERS); ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        return " (the oldest open transaction is pid " + rs.getInt(1) + ", " + rs.getString(2) + " for "
            + rs.getInt(3) + " s: " + rs.getString(4) + ")";
      }
    } catch (SQLException e) {
      // Naming the blocker is a courtesy; the retry goes on without it.
    }
    return "";
  }

  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
