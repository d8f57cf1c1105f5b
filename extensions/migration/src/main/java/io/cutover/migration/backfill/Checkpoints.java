package io.cutover.migration.backfill;

import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.SqlValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plan's backfill memory: key ranges, each with the key up to which every row is done. A range's
 * checkpoint moves in the same transaction as the rows it covers, so it is never ahead of the data.
 * Every statement's first parameter is the plan ({@link PlanTable#key()}).
 */
public final class Checkpoints {

  /** One range: keys in {@code (after, max]}; everything up to {@code doneAfter} is done. */
  record Range(int number, Optional<String> after, String max, Optional<String> doneAfter, long scanned, long updated,
               boolean finished) {
    /** Where the next batch starts (exclusive). */
    Optional<String> resumeAfter() {
      return doneAfter.or(() -> after);
    }
  }

  /** The run: its state and totals; {@code updatedAt} is when its state last changed (a finished run: when it finished). */
  record Run(BackfillState state, long estimatedRows, long batches, int longestBatchMs, OffsetDateTime updatedAt) {
  }

  private static final String RANGES = """
      SELECT range_no, after_key, max_key, done_after, rows_scanned, rows_updated, finished
      FROM cutover.backfill_ranges WHERE plan = ? ORDER BY range_no
      """;
  private static final String ADD_RANGE = """
      INSERT INTO cutover.backfill_ranges (plan, range_no, after_key, max_key) VALUES (?, ?, ?, ?)
      """;
  /** Same transaction as the batch's UPDATE. */
  private static final String ADVANCE = """
      UPDATE cutover.backfill_ranges SET done_after = ?, rows_scanned = rows_scanned + ?, rows_updated = rows_updated + ?,
        finished = ?, updated_at = now() WHERE plan = ? AND range_no = ?
      """;
  /** Bind: the plan, its backfill's advisory lock key. Reads pg_locks, so the word is true after a kill -9 too. */
  private static final String RUN = """
      SELECT CASE WHEN r.state IN ('running', 'pause-requested') AND NOT EXISTS (
               SELECT 1 FROM pg_catalog.pg_locks l
               WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                 AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
                 AND ((l.classid::bigint << 32) | l.objid::bigint) = ?)
             THEN 'stopped' ELSE r.state END,
             r.estimated_rows, r.batches, r.longest_batch_ms, r.updated_at
      FROM cutover.backfill_runs r WHERE r.plan = ?
      """;
  private static final String START_RUN = """
      INSERT INTO cutover.backfill_runs (plan, state, estimated_rows) VALUES (?, 'running', ?)
      ON CONFLICT (plan) DO UPDATE SET state = 'running', updated_at = now()
      """;
  private static final String SET_STATE = "UPDATE cutover.backfill_runs SET state = ?, updated_at = now() WHERE plan = ?";
  private static final String BATCH_DONE = """
      UPDATE cutover.backfill_runs SET batches = batches + 1, longest_batch_ms = greatest(longest_batch_ms, ?),
        updated_at = now() WHERE plan = ?
      """;
  /** A batch cancelled past --max-lock-ms held its locks too: the longest hold counts it. */
  private static final String LOCK_HELD = """
      UPDATE cutover.backfill_runs SET longest_batch_ms = greatest(longest_batch_ms, ?), updated_at = now() WHERE plan = ?
      """;
  private static final String FORGET_RANGES = "DELETE FROM cutover.backfill_ranges WHERE plan = ?";
  private static final String FORGET_RUN = "DELETE FROM cutover.backfill_runs WHERE plan = ?";

  private Checkpoints() {
  }

  static List<Range> ranges(Connection c, PlanTable plan) throws SQLException {
    List<Range> out = new ArrayList<>();
    if (!CutoverSchema.exists(c) || !CutoverSchema.has(c, "backfill_ranges")) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(RANGES)) {
      ps.setString(1, plan.key());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Range(rs.getInt(1), Optional.ofNullable(rs.getString(2)), rs.getString(3),
              Optional.ofNullable(rs.getString(4)), rs.getLong(5), rs.getLong(6), rs.getBoolean(7)));
        }
      }
    }
    return out;
  }

  static Optional<Run> run(Connection c, PlanTable plan) throws SQLException {
    if (!CutoverSchema.exists(c) || !CutoverSchema.has(c, "backfill_runs")) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(RUN)) {
      ps.setLong(1, Backfill.lock(plan));
      ps.setString(2, plan.key());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Run(BackfillState.of(rs.getString(1)), rs.getLong(2), rs.getLong(3), rs.getInt(4),
            rs.getObject(5, OffsetDateTime.class)))
            : Optional.empty();
      }
    }
  }

  static void create(Connection c, PlanTable plan, List<String[]> bounds, long estimatedRows) throws SQLException {
    forget(c, plan);
    for (int i = 0; i < bounds.size(); i++) {
      try (PreparedStatement ps = c.prepareStatement(ADD_RANGE)) {
        ps.setString(1, plan.key());
        ps.setInt(2, i);
        ps.setString(3, bounds.get(i)[0]);
        ps.setString(4, bounds.get(i)[1]);
        ps.executeUpdate();
      }
    }
    restart(c, plan, estimatedRows);
  }

  /** Forgets the plan's run and its ranges: the next {@code \backfill} plans a new one from the start. */
  public static void forget(Connection c, PlanTable plan) throws SQLException {
    SqlValues.update(c, FORGET_RANGES, plan.key());
    SqlValues.update(c, FORGET_RUN, plan.key());
  }

  static void advance(Connection c, PlanTable plan, int range, String doneAfter, long scanned, long updated,
      boolean finished) throws SQLException {
    SqlValues.update(c, ADVANCE, doneAfter, scanned, updated, finished, plan.key(), range);
  }

  static void state(Connection c, PlanTable plan, BackfillState state) throws SQLException {
    SqlValues.update(c, SET_STATE, state.word(), plan.key());
  }

  static void batchDone(Connection c, PlanTable plan, long ms) throws SQLException {
    SqlValues.update(c, BATCH_DONE, (int) Math.min(Integer.MAX_VALUE, ms), plan.key());
  }

  static void lockHeld(Connection c, PlanTable plan, long ms) throws SQLException {
    SqlValues.update(c, LOCK_HELD, (int) Math.min(Integer.MAX_VALUE, ms), plan.key());
  }

  static void restart(Connection c, PlanTable plan, long estimatedRows) throws SQLException {
    SqlValues.update(c, START_RUN, plan.key(), estimatedRows);
  }
}
