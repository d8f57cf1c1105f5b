package io.cutover.migration.pacing;

import java.util.Locale;

/**
 * What the health of the server and its neighbours says about a long copy, each read against a
 * budget ({@link Budgets}). Values are in the unit named here.
 */
public enum Signal {
  /** A standby's replay lag in time (pg_stat_replication.replay_lag), milliseconds. */
  STANDBY_REPLAY_LAG(Action.PAUSE, "standby replay lag"),
  /** A standby's replay lag in WAL bytes; no value: attached but its lag cannot be read (fail closed). */
  STANDBY_REPLAY_BYTES(Action.PAUSE, "standby replay lag"),
  /** The archiver's last try failed (pg_stat_archiver); value 1. */
  ARCHIVE_FAILING(Action.PAUSE, "WAL archiving failing"),
  /** WAL segments ready but not archived. */
  ARCHIVE_BACKLOG(Action.PAUSE, "WAL archive backlog"),
  /** An autovacuum of the copied table; subject says whether it prevents wraparound; value: % of the heap scanned. */
  AUTOVACUUM(Action.PAUSE, "autovacuum"),
  /** The oldest transaction holding back vacuum's horizon in this database, seconds. */
  OLDEST_TRANSACTION(Action.PAUSE, "old transaction"),
  /** How long cutover's own synchronous commits take, milliseconds: the wait the application's commits see too. */
  COMMIT_LATENCY(Action.SLOW, "commit latency");

  /** What a signal over budget does to the copy. */
  public enum Action {
    /** No batch until the signal is back under its budget. */
    PAUSE,
    /** Batches go on with a rest after each as long as the batch took: half the write rate. */
    SLOW;

    public String word() {
      return name().toLowerCase(Locale.ROOT) + (this == PAUSE ? "d" : "ed");
    }
  }

  private final Action action;
  private final String words;

  Signal(Action action, String words) {
    this.action = action;
    this.words = words;
  }

  /** What it is, for a run's summary. */
  public String words() {
    return words;
  }

  public Action action() {
    return action;
  }
}
