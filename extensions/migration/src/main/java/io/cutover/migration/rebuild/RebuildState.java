package io.cutover.migration.rebuild;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.Steps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a plan's rebuild stands, kept in {@code cutover.steps} (step "rebuild") so that a killed shell, or
 * another one, takes up where it stopped. A copy batch writes its checkpoint in its own
 * transaction, so the checkpoint is never ahead of the copy.
 *
 * @param plan the table rebuilt, which names the record
 * @param step the step it is recorded as: {@code rebuild}, or {@code partition} for {@code \partition}'s conversion
 * @param phase where it stands
 * @param copy the copy's name, in the table's schema
 * @param old the name the table takes at the swap
 * @param shape the table's shape when the copy was made ({@link RebuildSql#SHAPE})
 * @param columns the copy's columns, in its order
 * @param maxKey the highest key when the copy started (later rows come through the change log)
 * @param afterKey the last key copied, or null before the first batch
 * @param validFks the FK constraints that were valid, to validate again after the swap
 * @param partitionedBy the column the copy is partitioned by (the conversion), or null
 */
record RebuildState(@JsonIgnore PlanTable plan, @JsonIgnore RunbookStep step, @JsonIgnore RebuildPhase phase, String copy,
    String old, String shape, List<String> columns, String maxKey, String afterKey, long copied, long estimate,
    List<String> validFks, String partitionedBy) {

  /** {@code plan}'s \rebuild. */
  static Optional<RebuildState> read(Connection c, PlanTable plan) throws SQLException {
    return read(c, plan, RunbookStep.REBUILD);
  }

  static Optional<RebuildState> read(Connection c, PlanTable plan, RunbookStep kind) throws SQLException {
    var step = Steps.get(c, plan, kind);
    if (step.isEmpty()) {
      return Optional.empty();
    }
    RebuildState stored = step.get().detail(RebuildState.class);
    return Optional.of(new RebuildState(plan, kind, RebuildPhase.of(step.get().status()), stored.copy, stored.old,
        stored.shape, stored.columns == null ? List.of() : stored.columns, stored.maxKey, stored.afterKey, stored.copied,
        stored.estimate, stored.validFks == null ? List.of() : stored.validFks, stored.partitionedBy));
  }

  /**
   * The table whose rebuild or conversion to partitions is under way, if any: one per database at
   * a time (the change log is {@link RebuildSql#CHANGE_LOG}), so a table's waits for another's to end.
   */
  static Optional<Underway> underwayAnywhere(Connection c) throws SQLException {
    if (!CutoverSchema.exists(c)) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(UNDERWAY)) {
      ps.setArray(1, c.createArrayOf("text", Arrays.stream(RebuildPhase.values()).filter(RebuildPhase::isUnderway)
          .map(RebuildPhase::word).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Underway(rs.getString(1), rs.getString(2).equals(RunbookStep.PARTITION.word())
            ? RunbookStep.PARTITION : RunbookStep.REBUILD)) : Optional.empty();
      }
    }
  }

  /** A run under way: its table's key and its step. */
  record Underway(String table, RunbookStep step) {
  }

  private static final String UNDERWAY = "SELECT plan, step FROM cutover.steps WHERE step IN ('rebuild', 'partition') AND status = ANY (?) LIMIT 1";

  /** Whether a rebuild has begun and not ended: its copy or change log may exist. */
  boolean isUnderway() {
    return phase.isUnderway();
  }

  /** Whether the swap has run: the table is the copy, and the old one is kept under {@link #old}. */
  boolean hasSwapped() {
    return phase.hasSwapped();
  }

  /** Whether {@code \rebuild} has something to take up: a copy underway, or FKs to validate after the swap. */
  boolean isUnfinished() {
    return isUnderway() || phase == RebuildPhase.SWAPPED;
  }

  RebuildState inPhase(RebuildPhase next) {
    return new RebuildState(plan, step, next, copy, old, shape, columns, maxKey, afterKey, copied, estimate, validFks,
        partitionedBy);
  }

  RebuildState copiedUpTo(String key, long rows) {
    return new RebuildState(plan, step, phase, copy, old, shape, columns, maxKey, key, copied + rows, estimate, validFks,
        partitionedBy);
  }

  RebuildState startingAt(String max) {
    return new RebuildState(plan, step, RebuildPhase.COPYING, copy, old, shape, columns, max, afterKey, copied, estimate,
        validFks, partitionedBy);
  }

  /** What it copies: {@code table} as it is now, with the key and partitioning it was begun with. */
  RebuildTarget target(io.cutover.migration.plan.KeyedTable table) {
    return new RebuildTarget(table, step, Optional.ofNullable(partitionedBy));
  }

  void save(Connection c) throws SQLException {
    Steps.record(c, plan, step, phase.word(), this);
  }
}
