package io.cutover.migration.status;

import io.cutover.migration.contract.RawWrites;
import io.cutover.migration.dualwrite.DualWriteState;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.Dimension;
import io.cutover.migration.plan.ForeignKeys;
import io.cutover.migration.rebuild.PartitionConversion;
import io.cutover.migration.rebuild.RebuildStatus;
import io.cutover.shell.spi.CommandException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What a runbook step needs before it may run, declared once: the step's command refuses with its
 * reason and way out, and {@code \status} shows the step blocked by the same test.
 */
public enum Precondition {

  EXPANDED {
    @Override
    Optional<Refusal> refusal(Connection c, ActivePlan active) {
      return active.isExpanded() ? Optional.empty() : Optional.of(new Refusal("the FK columns of " + active.plan().table()
          + " do not exist yet", "run the expand step first: \\migrate generate, then \\migrate"));
    }
  },

  DUAL_WRITE_ON {
    @Override
    Optional<Refusal> refusal(Connection c, ActivePlan active) throws SQLException {
      DualWriteState state = DualWriteState.read(c, active);
      return state.isOn() ? Optional.empty() : Optional.of(new Refusal("dual-write is off for " + active.plan().table()
          + " (" + state.describe() + "); rows written meanwhile would be left without FKs", "run \\dualwrite on first"));
    }
  },

  FKS_VALID {
    @Override
    Optional<Refusal> refusal(Connection c, ActivePlan active) throws SQLException {
      Optional<Dimension> notValid = ForeignKeys.firstNotValid(c, active);
      return notValid.map(d -> new Refusal("the FK on " + d.fk() + " is not validated",
          "finish the backfill (\\progress --exact shows nothing missing), then run \\validate_fks"));
    }
  },

  RAW_WRITES_STOPPED {
    @Override
    Optional<Refusal> refusal(Connection c, ActivePlan active) throws SQLException {
      String raw = active.plan().rawColumn().orElse("the raw column");
      return RawWrites.stopped(c, active) ? Optional.empty() : Optional.of(new Refusal("nothing shows that the"
          + " application stopped writing " + raw, "run \\drop_raw stop-writes (or drop with --force-writes if you"
          + " stopped them another way)"));
    }
  },

  NOT_BEING_REBUILT {
    @Override
    Optional<Refusal> refusal(Connection c, ActivePlan active) throws SQLException {
      if (PartitionConversion.isUnderway(c, active.target())) {
        return Optional.of(new Refusal(active.plan().table() + " is being converted to partitions, and its copy would"
            + " not have the change", "finish the conversion first (\\partition resume " + active.target() + "), or give"
            + " it up (\\partition abort " + active.target() + ")"));
      }
      return RebuildStatus.read(c, active).underway() ? Optional.of(new Refusal(active.plan().table() + " is being"
          + " rebuilt, and its copy would not have the change", "finish the rebuild first (\\rebuild), or give it up"
          + " (\\rebuild abort)")) : Optional.empty();
    }
  };

  /** Why the step may not run, and the command that makes it possible. */
  public record Refusal(String reason, String hint) {
  }

  abstract Optional<Refusal> refusal(Connection c, ActivePlan active) throws SQLException;

  public boolean holds(Connection c, ActivePlan active) throws SQLException {
    return refusal(c, active).isEmpty();
  }

  /** Refuses, saying why and what to run, unless the precondition holds. */
  public void require(Connection c, ActivePlan active) throws SQLException, CommandException {
    Optional<Refusal> r = refusal(c, active);
    if (r.isPresent()) {
      throw new CommandException("refused: " + r.get().reason(), r.get().hint());
    }
  }
}
