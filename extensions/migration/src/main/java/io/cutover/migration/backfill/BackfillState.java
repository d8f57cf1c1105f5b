package io.cutover.migration.backfill;

import java.util.Arrays;
import java.util.Locale;

/** Where a plan's backfill run stands; its word is what {@code cutover.backfill_runs.state} stores. */
public enum BackfillState {
  RUNNING,
  /** {@code \backfill pause} asked; the run stops after its current batch. */
  PAUSE_REQUESTED,
  PAUSED,
  FINISHED,
  /** Stored as running, but no session holds the plan's backfill lock: killed, disconnected or failed. */
  STOPPED;

  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static BackfillState of(String word) {
    return Arrays.stream(values()).filter(s -> s.word().equals(word)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("cutover.backfill_runs holds an unknown state \"" + word + "\""));
  }
}
