package io.cutover.migration.backfill;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Where the backfill stands, for \status: its state word, rows done and the estimate. */
public record BackfillStatus(String state, long done, long estimated) {

  public static Optional<BackfillStatus> read(Connection c) throws SQLException {
    Optional<Checkpoints.Run> run = Checkpoints.run(c);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    long done = Checkpoints.ranges(c).stream().mapToLong(Checkpoints.Range::scanned).sum();
    return Optional.of(new BackfillStatus(run.get().state(), done, run.get().estimatedRows()));
  }

  public boolean isFinished() {
    return state.equals("finished");
  }
}
