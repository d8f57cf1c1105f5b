package io.cutover.migration.pacing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The throttle of one long copy, shared by all its workers: between two batches each asks
 * {@link #between}, which goes on at once while every signal is under its budget, waits while one
 * that pauses is over it, and rests as long as the batch took while commits are slow. The
 * signals are read at most once a second for all workers together. Thread-safe.
 */
public final class Pacer {

  /** Between two readings: a rising signal pauses the copy within about a second, at one statistics query a second. */
  private static final long LOOK_EVERY_NANOS = 1_000_000_000L;
  /** How often a paused worker looks at Ctrl-C and its other stop conditions. */
  private static final long PAUSED_POLL_MS = 200;
  /** The longest rest after a batch while commits are slow. */
  private static final long MAX_REST_MS = 5_000;
  /** Weight of the newest commit in the smoothed commit latency: one slow commit alone does not slow the copy. */
  private static final double COMMIT_WEIGHT = 0.3;

  /** Asked while paused: whether to give up waiting (Ctrl-C, a pause asked for, another worker's error). */
  @FunctionalInterface
  public interface Stop {
    boolean now() throws SQLException;
  }

  /** How much the copy was held back, for its summary. */
  public record Summary(int pauses, long pausedMs, Set<Signal> why, long slowedBatches) {

    /** E.g. {@code paused twice, 14.2 s in all (standby replay lag)}; empty when never held back. */
    public String describe() {
      List<String> parts = new ArrayList<>();
      if (pauses > 0) {
        parts.add(String.format(Locale.ROOT, "paused %s, %.1f s in all (%s)", pauses == 1 ? "once"
            : pauses == 2 ? "twice" : pauses + " times", pausedMs / 1000.0,
            why.stream().map(Signal::words).distinct().collect(Collectors.joining(", "))));
      }
      if (slowedBatches > 0) {
        parts.add(String.format(Locale.ROOT, "slowed after %,d batches (commit latency)", slowedBatches));
      }
      return String.join("; ", parts);
    }
  }

  private final Budgets budgets;
  private final long tableOid;
  private final Optional<ThrottleLog> log;
  private long lastLook = System.nanoTime() - LOOK_EVERY_NANOS;
  private List<Throttle> throttles = List.of();
  private Optional<Double> commitMs = Optional.empty();
  private String recorded = "";
  private long pausedSince = -1;
  private long pausedNanos;
  private int pauses;
  private long slowedBatches;
  private final Set<Signal> why = EnumSet.noneOf(Signal.class);

  /**
   * @param tableOid the copied table (its autovacuums count)
   * @param log where the reason is kept for other shells, if anywhere
   */
  public Pacer(Budgets budgets, long tableOid, Optional<ThrottleLog> log) {
    this.budgets = budgets;
    this.tableOid = tableOid;
    this.log = log;
  }

  /**
   * Between two batches, on the worker's connection (in autocommit): returns true to go on, at
   * once or after a pause or a rest; false when {@code stop} said to stop while paused.
   *
   * @param batchMs how long the batch just done took (the rest while commits are slow)
   */
  public boolean between(Connection c, long batchMs, Stop stop) throws SQLException, InterruptedException {
    while (true) {
      List<Throttle> now = look(c);
      if (now.stream().noneMatch(t -> t.action() == Signal.Action.PAUSE)) {
        if (!now.isEmpty()) {
          synchronized (this) {
            slowedBatches++;
          }
          Thread.sleep(Math.min(MAX_REST_MS, Math.max(1, batchMs)));
        }
        return true;
      }
      if (stop.now()) {
        return false;
      }
      Thread.sleep(PAUSED_POLL_MS);
    }
  }

  /** A synchronous commit of cutover's own took {@code ms}: the latency the application's commits see too. */
  public synchronized void observeCommit(long ms) {
    commitMs = Optional.of(commitMs.map(m -> m + COMMIT_WEIGHT * (ms - m)).orElse((double) ms));
  }

  /** The throttles in force now, read again when the last reading is a second old. */
  public synchronized List<Throttle> look(Connection c) throws SQLException {
    long now = System.nanoTime();
    if (now - lastLook < LOOK_EVERY_NANOS) {
      return throttles;
    }
    lastLook = now;
    List<Reading> readings = new ArrayList<>(Health.read(c, tableOid));
    commitMs.ifPresent(ms -> readings.add(new Reading(Signal.COMMIT_LATENCY, "", Optional.of(ms))));
    List<Throttle> over = readings.stream().filter(budgets::isOver)
        .map(r -> new Throttle(r, budgets.of(r.signal()))).toList();
    boolean paused = over.stream().anyMatch(t -> t.action() == Signal.Action.PAUSE);
    if (paused && pausedSince < 0) {
      pauses++;
      pausedSince = now;
    } else if (!paused && pausedSince >= 0) {
      pausedNanos += now - pausedSince;
      pausedSince = -1;
    }
    over.stream().filter(t -> t.action() == Signal.Action.PAUSE).forEach(t -> why.add(t.reading().signal()));
    throttles = over;
    String status = status();
    if (log.isPresent() && !status.equals(recorded)) {
      log.get().write(c, status);
      recorded = status;
    }
    return throttles;
  }

  /**
   * What holds the copy back now, for a status line: {@code paused: standby "replica1" replay lag
   * 14.2 s > 10 s}, or {@code slowed: commits take 180 ms > 100 ms}; empty when nothing does.
   */
  public synchronized String status() {
    List<Throttle> pausing = throttles.stream().filter(t -> t.action() == Signal.Action.PAUSE).toList();
    List<Throttle> shown = pausing.isEmpty() ? throttles : pausing;
    if (shown.isEmpty()) {
      return "";
    }
    return shown.get(0).action().word() + ": " + shown.stream().map(Throttle::describe).collect(Collectors.joining("; "));
  }

  public synchronized Summary summary() {
    long paused = pausedNanos + (pausedSince >= 0 ? System.nanoTime() - pausedSince : 0);
    return new Summary(pauses, paused / 1_000_000, Set.copyOf(why), slowedBatches);
  }

  /** The copy is over: its reason goes from the log (on a connection in autocommit). */
  public synchronized void finish(Connection c) throws SQLException {
    if (log.isPresent() && !recorded.isEmpty()) {
      log.get().write(c, "");
      recorded = "";
    }
  }
}
