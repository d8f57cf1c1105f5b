package io.cutover.migration.backfill;

import io.cutover.migration.plan.PlanTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Where a plan's backfill stands, for \status: its state, rows done, the estimate, and when its state last changed. */
public record BackfillStatus(BackfillState state, long done, long estimated, OffsetDateTime since) {

  public static Optional<BackfillStatus> read(Connection c, PlanTable plan) throws SQLException {
    Optional<Checkpoints.Run> run = Checkpoints.run(c, plan);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    long done = Checkpoints.ranges(c, plan).stream().mapToLong(Checkpoints.Range::scanned).sum();
    return Optional.of(new BackfillStatus(run.get().state(), done, run.get().estimatedRows(), run.get().updatedAt()));
  }

  public boolean isFinished() {
    return state == BackfillState.FINISHED;
  }
}
