package io.cutover.migration.rebuild;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.CutoverSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Where the rebuild stands, for {@code \status} and for the steps that must not run under it.
 *
 * @param stage where it stands
 * @param state the word shown: done, optional (not begun), or the phase of one begun
 */
public record RebuildStatus(Stage stage, String state, String detail) {

  public enum Stage {
    /** Not begun, and worth it: the FK columns are behind the others. */
    OPTIONAL,
    /** A copy and its change log exist: DDL on the table would not reach the copy. */
    UNDERWAY,
    /** The table is the copy; its FKs are still to validate. */
    SWAPPED,
    /** The FK columns precede the strings. */
    DONE
  }

  public boolean underway() {
    return stage == Stage.UNDERWAY;
  }

  /** Whether {@code plan}'s rebuild has a copy and a change log now (read from its record alone). */
  public static boolean underway(Connection c, PlanTable plan) throws SQLException {
    return RebuildState.read(c, plan).filter(RebuildState::isUnderway).isPresent();
  }

  public static RebuildStatus read(Connection c, ActivePlan active) throws SQLException {
    var state = RebuildState.read(c, active.target());
    if (state.isPresent() && state.get().isUnderway()) {
      RebuildState s = state.get();
      return new RebuildStatus(Stage.UNDERWAY, s.phase().word(), String.format(Locale.ROOT, "%,d of ~%,d rows copied",
          s.copied(), s.estimate()));
    }
    if (state.isPresent() && state.get().phase() == RebuildPhase.SWAPPED) {
      return new RebuildStatus(Stage.SWAPPED, RebuildPhase.SWAPPED.word(), "swapped; its FKs are still to validate");
    }
    ColumnLayout now = ColumnLayout.current(c, active.table().oid());
    if (now.names().equals(now.withForeignKeysAheadOfTheStrings(active).names())) {
      String old = state.filter(s -> s.phase() == RebuildPhase.DONE).map(RebuildState::old).orElse(null);
      boolean kept = old != null && CutoverSchema.relationExists(c, io.cutover.shell.spi.Quoting.qualified(active.plan().schema(), old));
      return new RebuildStatus(Stage.DONE, "done", "the FK columns precede the strings"
          + (kept ? "; the old table " + old + " is kept (\\rebuild drop-old)" : ""));
    }
    String first = active.plan().dimensions().get(0).fk();
    return new RebuildStatus(Stage.OPTIONAL, "optional", "the FK columns start at column " + now.position(first)
        + ", behind the other columns: reading them costs more than reading the strings did");
  }
}
