package io.cutover.migration.dualwrite;

import io.cutover.migration.plan.ActivePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Whether rows written now get their FKs: the trigger is installed, or the application's flag is on. */
public record DualWriteState(boolean trigger, Optional<FlipperFlags.State> flag) {

  public static DualWriteState read(Connection c, ActivePlan active) throws SQLException {
    boolean trigger = DualWriteTrigger.isInstalled(c, active.table().oid());
    Optional<FlipperFlags.State> flag = active.plan().flags().dualWrite().isEmpty() ? Optional.empty()
        : Optional.of(FlipperFlags.state(c, active.plan().flags().dualWrite().get()));
    return new DualWriteState(trigger, flag);
  }

  /** On when the trigger is installed or the application's flag is on for everyone. */
  public boolean isOn() {
    return trigger || flag.filter(f -> f == FlipperFlags.State.ON).isPresent();
  }

  public String describe() {
    String t = trigger ? "trigger on" : "trigger off";
    return flag.map(f -> t + ", application flag " + f.name().toLowerCase(java.util.Locale.ROOT)).orElse(t);
  }
}
