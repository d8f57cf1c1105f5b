package io.cutover.migration.rebuild;

import io.cutover.migration.lock.LockedTransaction;
import io.cutover.migration.plan.PlanTable;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A rebuild under way whose table is gone (dropped, or renamed): it cannot be taken up, and would
 * keep every other plan's rebuild waiting (the change log is one per database) and a renamed
 * table logging its writes. Giving it up drops its copy, the change log, and the change function
 * with CASCADE, which takes its triggers off the table wherever it now is.
 */
public final class OrphanedRebuild {

  private OrphanedRebuild() {
  }

  /** Gives up {@code plan}'s rebuild if one is under way; the copy's name, or empty when none was. */
  public static Optional<String> giveUp(Connection c, PlanTable plan, String lockTimeout) throws SQLException {
    Optional<RebuildState> state = RebuildState.read(c, plan).filter(RebuildState::isUnderway);
    if (state.isEmpty()) {
      return Optional.empty();
    }
    // DROP FUNCTION ... CASCADE drops the triggers: ACCESS EXCLUSIVE on the renamed table for an instant.
    LockedTransaction.run(c, lockTimeout,
        "DROP TABLE IF EXISTS " + Quoting.qualified(plan.schema(), state.get().copy()),
        "DROP TABLE IF EXISTS " + RebuildSql.CHANGE_LOG,
        "DROP FUNCTION IF EXISTS " + RebuildSql.functionName(plan) + "() CASCADE");
    state.get().inPhase(RebuildPhase.ABORTED).save(c);
    return Optional.of(state.get().copy());
  }
}
