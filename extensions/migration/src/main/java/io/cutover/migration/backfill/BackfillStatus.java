package io.cutover.migration.backfill;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Where the backfill stands, for \status: its state word, rows done, the estimate, and when its state last changed. */
public record BackfillStatus(String state, long done, long estimated, java.time.OffsetDateTime since) {

  public static Optional<BackfillStatus> read(Connection c) throws SQLException {
    Optional<Checkpoints.Run> run = Checkpoints.run(c);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    long done = Checkpoints.ranges(c).stream().mapToLong(Checkpoints.Range::scanned).sum();
    return Optional.of(new BackfillStatus(run.get().state(), done, run.get().estimatedRows(), run.get().updatedAt()));
  }

  public boolean isFinished() {
    return state.equals("finished");
  }
}
