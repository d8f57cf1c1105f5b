package io.cutover.migration.verify;

import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.SqlValues;
import io.cutover.migration.state.Steps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A plan's last exact check as stored in {@code cutover.steps} (step "verify"), for every guard that
 * trusts it: {@code \status}, and the read cutover, which reads the same row. A clean check holds
 * only while dual-write keeps every written row's FKs: anything that can leave rows unfilled voids
 * it, and only a new check clears that.
 */
public record ExactCheckState(Status status, OffsetDateTime at, Optional<String> voidedBy) {

  public enum Status {
    CLEAN, DIRTY,
    /** Was clean, then rows may have been written without their FKs (dual-write off). */
    VOID;

    /** The word stored in cutover.steps.status. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Per dimension column, rows missing and mismatched. */
  public record Counts(long missing, long mismatched) {
  }

  /** A lookup as a check saw it: its highest id and its rows up to that id. */
  public record LookupMark(long maxId, long rows) {
  }

  /**
   * The step's detail: rows counted, counts per dimension column, what voided a clean check (null
   * until then); and for the next check to compare only what was written since: the check's
   * snapshot horizon (the oldest transaction it could not see, as xid8) and each dimension's lookup
   * mark (null in records made before them).
   */
  public record Recorded(long rows, Map<String, Counts> dimensions, String voidedBy, Long horizon,
                         Map<String, LookupMark> lookups) {
  }

  /** Keeps the counts, so the read cutover can still say what the check had found. Bind: reason, plan. */
  private static final String VOID = """
      UPDATE cutover.steps SET status = 'void', detail = detail || jsonb_build_object('voided_by', ?::text),
        updated_by = current_user, updated_at = now()
      WHERE plan = ? AND step = 'verify' AND status = 'clean'
      """;

  /**
   * Whether the dual-write trigger's catalog row was written from a check's snapshot horizon on:
   * DISABLE then ENABLE ALWAYS by hand leaves it firing, with a gap the check never saw. The read
   * cutover's Readiness asks the same. The swap of \\rebuild or \\partition makes the trigger again
   * and says so (trigger_moved_by): that one is no gap. Params: the table (quoted, qualified), the
   * horizon (xid8), the swap's transaction or null.
   */
  private static final String TRIGGER_CHANGED = """
      SELECT EXISTS (SELECT FROM pg_catalog.pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = 'cutover_dual_write'
                     AND age(xmin) <= age((?::bigint % 4294967296)::text::xid) AND xmin::text IS DISTINCT FROM ?)
      """;
  private static final String CHANGED_BY_HAND = "the dual-write trigger was changed by hand (disabled, re-enabled or replaced)";

  public static Optional<ExactCheckState> read(Connection c, PlanTable plan) throws SQLException {
    var step = Steps.get(c, plan, RunbookStep.VERIFY);
    if (step.isEmpty()) {
      return Optional.empty();
    }
    Status status = Status.valueOf(step.get().status().toUpperCase(Locale.ROOT));
    Long horizon = step.get().detail(Recorded.class).horizon();
    if (status == Status.CLEAN && horizon != null
        && SqlValues.one(c, Boolean.class, TRIGGER_CHANGED, plan.key(), horizon,
            step.get().detail().path("trigger_moved_by").asText(null))) {
      return Optional.of(new ExactCheckState(Status.VOID, step.get().updatedAt(), Optional.of(CHANGED_BY_HAND)));
    }
    Optional<String> by = status == Status.VOID ? Optional.ofNullable(step.get().detail(Recorded.class).voidedBy())
        : Optional.empty();
    return Optional.of(new ExactCheckState(status, step.get().updatedAt(), by));
  }

  /** Voids the plan's clean check: {@code reason} says what could have left rows without FKs. */
  public static void voidClean(Connection c, PlanTable plan, String reason) throws SQLException {
    if (!CutoverSchema.exists(c) || !CutoverSchema.has(c, "steps")) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(VOID)) {
      ps.setString(1, reason);
      ps.setString(2, plan.key());
      ps.executeUpdate();
    }
  }

  public boolean isClean() {
    return status == Status.CLEAN;
  }
}
