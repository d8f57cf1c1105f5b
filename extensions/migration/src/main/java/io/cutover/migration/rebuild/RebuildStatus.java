package io.cutover.migration.rebuild;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.state.CutoverSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Where the rebuild stands, for {@code \status} and for the steps that must not run under it.
 *
 * @param state done, optional (not begun), or the phase of one begun
 * @param underway whether a copy and its change log exist: DDL on the table would not reach the copy
 */
public record RebuildStatus(String state, String detail, boolean underway) {

  public static RebuildStatus read(Connection c, ActivePlan active) throws SQLException {
    var state = RebuildState.read(c, active.target());
    if (state.isPresent() && state.get().isUnderway()) {
      RebuildState s = state.get();
      return new RebuildStatus(s.phase().word(), String.format(Locale.ROOT, "%,d of ~%,d rows copied", s.copied(), s.estimate()), true);
    }
    if (state.isPresent() && state.get().phase() == RebuildPhase.SWAPPED) {
      return new RebuildStatus(RebuildPhase.SWAPPED.word(), "swapped; its FKs are still to validate", false);
    }
    ColumnLayout now = ColumnLayout.current(c, active.table().oid());
    if (now.names().equals(now.withForeignKeysAheadOfTheStrings(active).names())) {
      String old = state.filter(s -> s.phase() == RebuildPhase.DONE).map(RebuildState::old).orElse(null);
      boolean kept = old != null && CutoverSchema.relationExists(c, io.cutover.shell.spi.Quoting.qualified(active.plan().schema(), old));
      return new RebuildStatus("done", "the FK columns precede the strings"
          + (kept ? "; the old table " + old + " is kept (\\rebuild drop-old)" : ""), false);
    }
    String first = active.plan().dimensions().get(0).fk();
    return new RebuildStatus("optional", "the FK columns start at column " + now.position(first)
        + ", behind the other columns: reading them costs more than reading the strings did", false);
  }
}
