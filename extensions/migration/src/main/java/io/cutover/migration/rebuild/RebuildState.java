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
 * @param plan whose rebuild it is
 * @param phase where it stands
 * @param copy the copy's name, in the table's schema
 * @param old the name the table takes at the swap
 * @param shape the table's shape when the copy was made ({@link RebuildSql#SHAPE})
 * @param columns the copy's columns, in its order
 * @param maxKey the highest key when the copy started (later rows come through the change log)
 * @param afterKey the last key copied, or null before the first batch
 * @param validFks the FK constraints that were valid, to validate again after the swap
 */
record RebuildState(@JsonIgnore PlanTable plan, @JsonIgnore RebuildPhase phase, String copy, String old, String shape,
    List<String> columns, String maxKey, String afterKey, long copied, long estimate, List<String> validFks) {

  static Optional<RebuildState> read(Connection c, PlanTable plan) throws SQLException {
    var step = Steps.get(c, plan, RunbookStep.REBUILD);
    if (step.isEmpty()) {
      return Optional.empty();
    }
    RebuildState stored = step.get().detail(RebuildState.class);
    return Optional.of(new RebuildState(plan, RebuildPhase.of(step.get().status()), stored.copy, stored.old, stored.shape,
        stored.columns == null ? List.of() : stored.columns, stored.maxKey, stored.afterKey, stored.copied, stored.estimate,
        stored.validFks == null ? List.of() : stored.validFks));
  }

  /**
   * The plan whose rebuild is under way, if any: one rebuild per database at a time (its change log
   * is {@link RebuildSql#CHANGE_LOG}), so a plan's rebuild waits for another plan's to end.
   */
  static Optional<String> underwayAnywhere(Connection c) throws SQLException {
    if (!CutoverSchema.exists(c)) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(UNDERWAY)) {
      ps.setArray(1, c.createArrayOf("text", Arrays.stream(RebuildPhase.values()).filter(RebuildPhase::isUnderway)
          .map(RebuildPhase::word).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static final String UNDERWAY = "SELECT plan FROM cutover.steps WHERE step = 'rebuild' AND status = ANY (?) LIMIT 1";

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
    return new RebuildState(plan, next, copy, old, shape, columns, maxKey, afterKey, copied, estimate, validFks);
  }

  RebuildState copiedUpTo(String key, long rows) {
    return new RebuildState(plan, phase, copy, old, shape, columns, maxKey, key, copied + rows, estimate, validFks);
  }

  RebuildState startingAt(String max) {
    return new RebuildState(plan, RebuildPhase.COPYING, copy, old, shape, columns, max, afterKey, copied, estimate, validFks);
  }

  void save(Connection c) throws SQLException {
    Steps.record(c, plan, RunbookStep.REBUILD, phase.word(), this);
  }
}
