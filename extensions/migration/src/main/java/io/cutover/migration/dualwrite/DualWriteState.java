package io.cutover.migration.dualwrite;

import io.cutover.migration.plan.ActivePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether rows written now get their FKs: the trigger fires for every session, or the
 * application's flag is on. A trigger re-enabled by hand for ordinary or replica sessions only
 * leaves some writers without FKs: that is off.
 */
public record DualWriteState(DualWriteTrigger.Firing trigger, Optional<FlipperFlags.State> flag) {

  public static DualWriteState read(Connection c, ActivePlan active) throws SQLException {
    DualWriteTrigger.Firing trigger = DualWriteTrigger.firing(c, active.table().oid());
    Optional<FlipperFlags.State> flag = active.plan().flags().dualWrite().isEmpty() ? Optional.empty()
        : Optional.of(FlipperFlags.state(c, active.plan().flags().dualWrite().get()));
    return new DualWriteState(trigger, flag);
  }

  /** On when the trigger fires for every session or the application's flag is on for everyone. */
  public boolean isOn() {
    return trigger.isOn() || flag.filter(f -> f == FlipperFlags.State.ON).isPresent();
  }

  public String describe() {
    String t = switch (trigger) {
      case ALWAYS -> "trigger on";
      case ABSENT -> "trigger off";
      case DISABLED -> "trigger disabled";
      case ORIGIN -> "trigger skipped by sessions in replica mode (ENABLE TRIGGER; \\dualwrite on makes it fire for every session)";
      case REPLICA -> "trigger fires for sessions in replica mode only (ENABLE REPLICA TRIGGER): the application's writes skip it";
    };
    return flag.map(f -> t + ", application flag " + f.name().toLowerCase(java.util.Locale.ROOT)).orElse(t);
  }
}
