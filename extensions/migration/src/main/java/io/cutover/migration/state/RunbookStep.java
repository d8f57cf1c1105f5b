package io.cutover.migration.state;

import java.util.Locale;

/** The runbook steps that record themselves in {@code cutover.steps}, one row per plan and step. */
public enum RunbookStep {
  DUALWRITE, BACKFILL, VERIFY, VALIDATE, RAW_WRITES, DROP_RAW, REBUILD,
  /** {@code \partition}'s conversion of a table to partitions, keyed by the table (it needs no plan). */
  PARTITION;

  /** The word stored in cutover.steps.step, which the read cutover reads too. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
