package io.cutover.migration.pacing;

import io.cutover.migration.lock.Durations;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * How much of each signal a long copy tolerates before it pauses or slows, one option each.
 *
 * @param replayLag every standby's replay lag in time
 * @param replayBytes every standby's replay lag in WAL
 * @param archiveBacklog WAL segments ready but not yet archived
 * @param autovacuum which autovacuums of the table the copy waits for
 * @param oldestTransaction the age of the oldest transaction that holds back vacuum
 * @param commitLatency cutover's own synchronous commits; over it the copy slows, it does not stop
 */
public record Budgets(Duration replayLag, long replayBytes, long archiveBacklog, VacuumRule autovacuum,
    Duration oldestTransaction, Duration commitLatency) {

  /**
   * 10 s: a standby that serves reads shows data that old at most, and one promoted in a failover
   * has that much to replay first; gh-ost's and Spirit's defaults are below it, GitLab's 'replica
   * lag' indicator above. A copy writes WAL far faster than a single-threaded replay can follow.
   */
  public static final Duration REPLAY_LAG = Duration.ofSeconds(10);
  /**
   * 256 MB (16 segments): at the 50-100 MB/s one startup process replays, the same order as the
   * time budget; it decides alone while replay_lag is not reported (a standby just connected).
   */
  public static final long REPLAY_BYTES = 256L << 20;
  /**
   * 32 segments (512 MB): a segment not archived is not recycled, so the backlog adds to pg_wal
   * beyond max_wal_size (1 GB by default); half of that leaves room before a disk fills.
   */
  public static final long ARCHIVE_BACKLOG = 32;
  /**
   * 15 min: an application's transactions last seconds; one that old is a report, a dump or a
   * forgotten idle session, behind which vacuum removes none of the versions each batch leaves.
   */
  public static final Duration OLDEST_TRANSACTION = Duration.ofMinutes(15);
  /**
   * 100 ms: a commit that waits that long for the WAL flush (and a synchronous standby) is a
   * latency the application's requests feel; a healthy disk flushes in a few milliseconds.
   */
  public static final Duration COMMIT_LATENCY = Duration.ofMillis(100);

  public static final Budgets DEFAULTS = new Budgets(REPLAY_LAG, REPLAY_BYTES, ARCHIVE_BACKLOG, VacuumRule.WRAPAROUND,
      OLDEST_TRANSACTION, COMMIT_LATENCY);

  /** The options of every long copy, with {@link #USAGE}. */
  public static final Set<String> OPTIONS = Set.of("--max-replay-lag", "--max-replay-lag-mb", "--max-archive-backlog",
      "--autovacuum", "--max-xact-age", "--max-commit-ms");
  public static final String USAGE = "[--max-replay-lag 10s] [--max-replay-lag-mb 256] [--max-archive-backlog 32]"
      + " [--autovacuum wraparound|any|ignore] [--max-xact-age 15min] [--max-commit-ms 100]";

  /** Which autovacuums of the copied table a copy waits for. */
  public enum VacuumRule {
    /**
     * Only one that prevents wraparound (the default): it does not yield to a lock and must finish;
     * an ordinary one cleans the versions the batches leave and yields to the application's locks,
     * and waiting for it would stop a copy of a hot table for most of its run.
     */
    WRAPAROUND,
    /** Any autovacuum of the table (GitLab's batched migrations do so). */
    ANY,
    IGNORE;

    static VacuumRule parse(String text, String usage) throws CommandException {
      for (VacuumRule r : values()) {
        if (r.name().toLowerCase(Locale.ROOT).equals(text)) {
          return r;
        }
      }
      throw new CommandException("--autovacuum expects wraparound, any or ignore, not \"" + text + "\"", "usage: " + usage);
    }
  }

  /** The budgets the options give, each missing one at its default. */
  public static Budgets parse(Arguments.Parsed args, String usage) throws CommandException {
    return new Budgets(duration(args, "--max-replay-lag", REPLAY_LAG, usage),
        args.number("--max-replay-lag-mb", REPLAY_BYTES >> 20, 1, 1L << 30) << 20,
        args.number("--max-archive-backlog", ARCHIVE_BACKLOG, 1, 1_000_000),
        args.option("--autovacuum").isPresent() ? VacuumRule.parse(args.option("--autovacuum").get(), usage)
            : VacuumRule.WRAPAROUND,
        duration(args, "--max-xact-age", OLDEST_TRANSACTION, usage),
        Duration.ofMillis(args.number("--max-commit-ms", COMMIT_LATENCY.toMillis(), 1, 600_000)));
  }

  private static Duration duration(Arguments.Parsed args, String option, Duration otherwise, String usage)
      throws CommandException {
    return args.option(option).isPresent() ? Durations.parse(option, args.option(option).get(), usage) : otherwise;
  }

  /** The budget of {@code signal} in its unit; a failing archive has none (any failure is over). */
  double of(Signal signal) {
    return switch (signal) {
      case STANDBY_REPLAY_LAG -> replayLag.toMillis();
      case STANDBY_REPLAY_BYTES -> replayBytes;
      case ARCHIVE_FAILING, AUTOVACUUM -> 0;
      case ARCHIVE_BACKLOG -> archiveBacklog;
      case OLDEST_TRANSACTION -> oldestTransaction.toSeconds();
      case COMMIT_LATENCY -> commitLatency.toMillis();
    };
  }

  /** Whether {@code reading} is over its budget; a reading that could not be made is (fail closed). */
  boolean isOver(Reading reading) {
    if (reading.signal() == Signal.AUTOVACUUM) {
      return switch (autovacuum) {
        case ANY -> true;
        case WRAPAROUND -> !reading.subject().equals(Health.ORDINARY_AUTOVACUUM);
        case IGNORE -> false;
      };
    }
    return reading.value().map(v -> v > of(reading.signal())).orElse(true);
  }
}
