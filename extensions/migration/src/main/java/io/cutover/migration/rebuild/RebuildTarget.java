package io.cutover.migration.rebuild;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.KeyedTable;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.RunbookStep;
import io.cutover.shell.spi.Quoting;
import java.util.Optional;

/**
 * What a rebuild copies and swaps, with or without a plan: a table keyed by a column; the step
 * that records the run in {@code cutover.steps} ({@code rebuild}, or {@code partition} for
 * {@code \partition}'s conversion); and, for that conversion, the column the copy is partitioned
 * by (its unique keys then include it, as PostgreSQL requires).
 */
public record RebuildTarget(KeyedTable keyed, RunbookStep step, Optional<String> partitionColumn) {

  static RebuildTarget of(ActivePlan active) {
    return new RebuildTarget(active.keyed(), RunbookStep.REBUILD, Optional.empty());
  }

  /** The table, which names the run's records. */
  public PlanTable table() {
    return keyed.target();
  }

  long oid() {
    return keyed.table().oid();
  }

  String schema() {
    return keyed.table().schema();
  }

  String name() {
    return keyed.table().name();
  }

  String key() {
    return keyed.key();
  }

  String qualified() {
    return keyed.qualified();
  }

  /** A name in the table's schema, quoted. */
  String inSchema(String name) {
    return Quoting.qualified(schema(), name);
  }
}
