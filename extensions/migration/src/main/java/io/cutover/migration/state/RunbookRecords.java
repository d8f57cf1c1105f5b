package io.cutover.migration.state;

import io.cutover.migration.backfill.Checkpoints;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The records the runbook's steps keep of one plan's table (cutover.steps, the backfill's
 * checkpoints). They are one set per database: a plan for another table must not inherit them
 * (its backfill read as finished and its FKs as verified, and the read cutover trusted them), so
 * {@code \plan} clears them when the table changes. The plans themselves stay in cutover.plans.
 */
public final class RunbookRecords {

  private RunbookRecords() {
  }

  /** Clears every step's record and the backfill's checkpoints, in one transaction. */
  public static void clear(Connection c) throws SQLException {
    CutoverSchema.ensure(c);
    Transactions.run(c, () -> {
      try (Statement st = c.createStatement()) {
        st.execute("DELETE FROM cutover.steps");
      }
      Checkpoints.forget(c);
    });
  }
}
