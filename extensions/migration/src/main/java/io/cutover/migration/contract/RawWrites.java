package io.cutover.migration.contract;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.Steps;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The raw-writes step of a plan: {@code \drop_raw stop-writes} turns the application's skip-raw flag
 * on ("stopping"), marks the newest key, and watches the rows after it; when new rows come without
 * the raw value, the application has stopped writing it ("stopped"), which the drop requires.
 */
public final class RawWrites {

  private static final String STOPPING = "stopping";
  private static final String STOPPED = "stopped";
  /** The flag turned back off ({@code stop-writes --undo}): neither stopping nor stopped. */
  private static final String UNDONE = "undone";

  /** The newest key when the flag went on: rows after it show whether the application still writes the column. */
  private record Mark(String afterKey) {
  }

  private RawWrites() {
  }

  public static boolean stopped(Connection c, ActivePlan active) throws SQLException {
    return Steps.get(c, active.target(), RunbookStep.RAW_WRITES).filter(s -> s.status().equals(STOPPED)).isPresent();
  }

  /** The mark of a watch begun earlier (a second stop-writes keeps it), if one is. */
  static Optional<String> mark(Connection c, ActivePlan active) throws SQLException {
    var step = Steps.get(c, active.target(), RunbookStep.RAW_WRITES).filter(s -> s.status().equals(STOPPING));
    return step.isPresent() ? Optional.ofNullable(step.get().detail(Mark.class).afterKey()) : Optional.empty();
  }

  static void stopping(Connection c, ActivePlan active, String mark) throws SQLException {
    Steps.record(c, active.target(), RunbookStep.RAW_WRITES, STOPPING, new Mark(mark));
  }

  static void stopped(Connection c, ActivePlan active, String mark) throws SQLException {
    Steps.record(c, active.target(), RunbookStep.RAW_WRITES, STOPPED, new Mark(mark));
  }

  static void undone(Connection c, ActivePlan active) throws SQLException {
    Steps.record(c, active.target(), RunbookStep.RAW_WRITES, UNDONE, new Mark(null));
  }
}
