package io.cutover.migration.backfill;

import io.cutover.migration.plan.PlanTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Where a plan's backfill stands, for \status: its state, rows done, the estimate, when its state
 * last changed, and while it runs, why it is paused or slowed (empty when it is not).
 */
public record BackfillStatus(BackfillState state, long done, long estimated, OffsetDateTime since, Optional<String> throttle) {

  public static Optional<BackfillStatus> read(Connection c, PlanTable plan) throws SQLException {
    Optional<Checkpoints.Run> run = Checkpoints.run(c, plan);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    long done = Checkpoints.ranges(c, plan).stream().mapToLong(Checkpoints.Range::scanned).sum();
    boolean running = run.get().state() == BackfillState.RUNNING || run.get().state() == BackfillState.PAUSE_REQUESTED;
    Optional<String> throttle = running ? Backfill.log(plan).read(c).map(t -> t.reason()) : Optional.empty();
    return Optional.of(new BackfillStatus(run.get().state(), done, run.get().estimatedRows(), run.get().updatedAt(),
        throttle));
  }

  public boolean isFinished() {
    return state == BackfillState.FINISHED;
  }
}
