package io.cutover.migration.pacing;

import io.cutover.migration.state.SqlValues;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How many of a long copy's workers run batches now: it starts with what the server's cores
 * allow, adds one at a time while every signal is under its budget and no batch passes the lock
 * bound, and halves when a signal rises (a standby falling behind replays less WAL once fewer
 * workers write it). A worker over the count parks between two batches, holding no lock, until
 * the count rises or another worker is done. Thread-safe.
 */
public final class Workforce {

  /** Between two additions: a few batches of every worker, to see whether the last one kept the signals down. */
  private static final long GROW_EVERY_NANOS = 3_000_000_000L;
  /** Between two sheddings: the signals are read once a second ({@link Pacer}), a halving acts on a fresh reading. */
  private static final long SHED_EVERY_NANOS = 1_000_000_000L;
  /** How often a parked worker looks at its stop conditions. */
  private static final long PARKED_POLL_MS = 200;
  /** Without the server's core count: one worker to start, two at most (the 1.57x and 1.07x the floor). */
  private static final int UNKNOWN_CORES_START = 1;
  private static final int UNKNOWN_CORES_MAX = 2;
  /**
   * The most workers at all: the shell's pool has 10 connections, and a run takes one for itself
   * and one to watch for lock waits (more workers waited for a connection and failed after 30 s).
   */
  public static final int MOST = 8;

  /**
   * The server's cores, where the role may read /proc/cpuinfo on it (a superuser, or granted
   * pg_read_server_files) and the server runs Linux; else empty. pg_read_file's privilege is
   * checked when a statement starts, so it is asked apart first.
   */
  private static final String CAN_READ_FILES =
      "SELECT pg_catalog.has_function_privilege('pg_catalog.pg_read_file(text)', 'execute')";
  private static final String CORES =
      "SELECT count(*)::int FROM regexp_matches(pg_catalog.pg_read_file('/proc/cpuinfo'), '^processor\\s*:', 'gn')";

  private final int max;
  private final int start;
  private int allowed;
  private int running;
  private int least;
  private int most;
  private int sheddings;
  private boolean shedForLatency;
  private final Set<Signal> why = EnumSet.noneOf(Signal.class);
  private final LongSupplier clock;
  private long lastChange;
  private long overBoundAtChange;

  private Workforce(int start, int max, LongSupplier clock) {
    this.start = start;
    this.max = max;
    this.clock = clock;
    this.lastChange = clock.getAsLong();
    this.allowed = start;
    this.least = start;
    this.most = start;
  }

  /**
   * For the server's {@code cores}: a quarter of them to start, half at most (the application
   * keeps the other half), at least one and two; {@code limit} ({@code --workers N}) caps both.
   */
  public static Workforce forCores(Optional<Integer> cores, Optional<Integer> limit) {
    return forCores(cores, limit, System::nanoTime);
  }

  /** As {@link #forCores(Optional, Optional)}, timed by {@code clock} (nanoseconds). */
  static Workforce forCores(Optional<Integer> cores, Optional<Integer> limit, LongSupplier clock) {
    int max = cores.map(n -> Math.min(MOST, Math.max(2, n / 2))).orElse(UNKNOWN_CORES_MAX);
    int start = cores.map(n -> Math.min(MOST, Math.max(1, n / 4))).orElse(UNKNOWN_CORES_START);
    int capped = limit.orElse(max);
    return new Workforce(Math.min(start, capped), capped, clock);
  }

  /** A fixed count: every worker runs from the start, whatever the signals say (the one-statement floor). */
  public static Workforce fixed(int workers) {
    return new Workforce(workers, workers, System::nanoTime);
  }

  /** The server's core count, when this role may read it (see {@link #CORES}). */
  public static Optional<Integer> serverCores(Connection c) throws SQLException {
    if (!SqlValues.one(c, Boolean.class, CAN_READ_FILES)) {
      return Optional.empty();
    }
    try {
      int n = SqlValues.one(c, Integer.class, CORES);
      return n > 0 ? Optional.of(n) : Optional.empty();
    } catch (SQLException e) {
      // Not Linux, or no /proc: the conservative default.
      return Optional.empty();
    }
  }

  /** The most workers the copy may run: the threads it starts. */
  public int max() {
    return max;
  }

  /**
   * After a look at the signals, between two batches of any worker: {@code throttles} in force now,
   * {@code overBound} batches past the lock bound so far in the run.
   */
  public synchronized void adjust(List<Throttle> throttles, long overBound) {
    long now = clock.getAsLong();
    if (!throttles.isEmpty()) {
      if (allowed > 1 && now - lastChange >= SHED_EVERY_NANOS) {
        allowed = Math.max(1, allowed / 2);
        sheddings++;
        throttles.forEach(t -> why.add(t.reading().signal()));
        changed(now, overBound);
      }
    } else if (overBound > overBoundAtChange) {
      // The batch latency did not hold since the last change: one fewer, and wait before adding again.
      if (allowed > 1) {
        allowed--;
        sheddings++;
        shedForLatency = true;
      }
      changed(now, overBound);
    } else if (allowed < max && now - lastChange >= GROW_EVERY_NANOS) {
      allowed++;
      changed(now, overBound);
      notifyAll();
    }
  }

  private void changed(long now, long overBound) {
    lastChange = now;
    overBoundAtChange = overBound;
    least = Math.min(least, allowed);
    most = Math.max(most, allowed);
  }

  /**
   * Takes a place among the running workers, waiting for one; false when {@code stop} said to
   * stop first. Either way the caller holds a place after it, and gives it back with {@link #leave}.
   */
  public boolean enter(Pacer.Stop stop) throws SQLException, InterruptedException {
    while (true) {
      synchronized (this) {
        if (running < allowed) {
          running++;
          return true;
        }
        wait(PARKED_POLL_MS);
      }
      if (stop.now()) {
        synchronized (this) {
          running++;
        }
        return false;
      }
    }
  }

  /**
   * Between two batches of a running worker: parks it while more run than allowed; false when
   * stopped meanwhile (as {@link #enter}, it holds its place again after).
   */
  public boolean stay(Pacer.Stop stop) throws SQLException, InterruptedException {
    synchronized (this) {
      if (running <= allowed) {
        return true;
      }
      running--;
      notifyAll();
    }
    return enter(stop);
  }

  /** A worker is done (its ranges walked, or stopped): its place goes to a parked one. */
  public synchronized void leave() {
    running--;
    notifyAll();
  }

  /** For the status line: {@code 2 of 4 workers}. */
  public synchronized String status() {
    return String.format(Locale.ROOT, "%d of %d worker%s", allowed, max, max == 1 ? "" : "s");
  }

  /**
   * For the run's summary: {@code Workers 1 to 3 of at most 4, shed twice (standby replay lag)};
   * empty for one worker throughout. Scripts may match its words: keep them stable.
   */
  public synchronized String describe() {
    if (max == 1) {
      return "";
    }
    String counts = least == most ? String.format(Locale.ROOT, "Workers %d of at most %d", least, max)
        : String.format(Locale.ROOT, "Workers %d to %d of at most %d (started with %d)", least, most, max, start);
    if (sheddings == 0) {
      return counts;
    }
    Stream<String> reasons = Stream.concat(why.stream().map(Signal::words).distinct(),
        shedForLatency ? Stream.of("batches past the lock bound") : Stream.empty());
    return counts + String.format(Locale.ROOT, ", shed %s", sheddings == 1 ? "once" : sheddings == 2 ? "twice"
        : sheddings + " times") + " (" + reasons.collect(Collectors.joining(", ")) + ")";
  }
}
