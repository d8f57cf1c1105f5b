package io.cutover.migration.backfill;

import io.cutover.migration.state.CutoverSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The backfill's memory: key ranges, each with the key up to which every row is done. A range's
 * checkpoint moves in the same transaction as the rows it covers, so it is never ahead of the data.
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

  /**
   * The run: its state word and totals. Running, pause-requested, paused, finished, or stopped:
   * stored as running but no session holds the backfill's lock (its process was killed, lost its
   * connection or stopped on an error); {@code \backfill} resumes it.
   */
  /** @param updatedAt when its state last changed (a finished run: when it finished) */
  record Run(String state, long estimatedRows, long batches, int longestBatchMs, java.time.OffsetDateTime updatedAt) {
  }

  private static final String RANGES = """
      SELECT range_no, after_key, max_key, done_after, rows_scanned, rows_updated, finished
      FROM cutover.backfill_ranges ORDER BY range_no
      """;
  private static final String ADD_RANGE = "INSERT INTO cutover.backfill_ranges (range_no, after_key, max_key) VALUES (?, ?, ?)";
  /** Same transaction as the batch's UPDATE. */
  private static final String ADVANCE = """
      UPDATE cutover.backfill_ranges SET done_after = ?, rows_scanned = rows_scanned + ?, rows_updated = rows_updated + ?,
        finished = ?, updated_at = now() WHERE range_no = ?
      """;
  /** Bind: the backfill's advisory lock key. Reads pg_locks, so the word is true after a kill -9 too. */
  private static final String RUN = """
      SELECT CASE WHEN r.state IN ('running', 'pause-requested') AND NOT EXISTS (
               SELECT 1 FROM pg_catalog.pg_locks l
               WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                 AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
                 AND ((l.classid::bigint << 32) | l.objid::bigint) = ?)
             THEN 'stopped' ELSE r.state END,
             r.estimated_rows, r.batches, r.longest_batch_ms, r.updated_at
      FROM cutover.backfill_runs r WHERE r.id = 1
      """;
  private static final String START_RUN = """
      INSERT INTO cutover.backfill_runs (id, state, estimated_rows) VALUES (1, 'running', ?)
      ON CONFLICT (id) DO UPDATE SET state = 'running', updated_at = now()
      """;
  private static final String SET_STATE = "UPDATE cutover.backfill_runs SET state = ?, updated_at = now() WHERE id = 1";
  private static final String BATCH_DONE = """
      UPDATE cutover.backfill_runs SET batches = batches + 1, longest_batch_ms = greatest(longest_batch_ms, ?),
        updated_at = now() WHERE id = 1
      """;
  /** A batch cancelled past --max-lock-ms held its locks too: the longest hold counts it. */
  private static final String LOCK_HELD = """
      UPDATE cutover.backfill_runs SET longest_batch_ms = greatest(longest_batch_ms, ?), updated_at = now() WHERE id = 1
      """;
  private static final String FORGET = "TRUNCATE cutover.backfill_ranges, cutover.backfill_runs";

  private Checkpoints() {
  }

  static List<Range> ranges(Connection c) throws SQLException {
    List<Range> out = new ArrayList<>();
    if (!CutoverSchema.has(c, "backfill_ranges")) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(RANGES); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Range(rs.getInt(1), Optional.ofNullable(rs.getString(2)), rs.getString(3),
            Optional.ofNullable(rs.getString(4)), rs.getLong(5), rs.getLong(6), rs.getBoolean(7)));
      }
    }
    return out;
  }

  static Optional<Run> run(Connection c) throws SQLException {
    if (!CutoverSchema.has(c, "backfill_runs")) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(RUN)) {
      ps.setLong(1, Backfill.LOCK);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Run(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4),
            rs.getObject(5, java.time.OffsetDateTime.class)))
            : Optional.empty();
      }
    }
  }

  static void create(Connection c, List<String[]> bounds, long estimatedRows) throws SQLException {
    execute(c, FORGET);
    for (int i = 0; i < bounds.size(); i++) {
      try (PreparedStatement ps = c.prepareStatement(ADD_RANGE)) {
        ps.setInt(1, i);
        ps.setString(2, bounds.get(i)[0]);
        ps.setString(3, bounds.get(i)[1]);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement(START_RUN)) {
      ps.setLong(1, estimatedRows);
      ps.executeUpdate();
    }
  }

  /** Forgets the run and its ranges: the next {@code \backfill} plans a new one from the start. */
  public static void forget(Connection c) throws SQLException {
    execute(c, FORGET);
  }

  static void advance(Connection c, int range, String doneAfter, long scanned, long updated, boolean finished)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
      ps.setString(1, doneAfter);
      ps.setLong(2, scanned);
      ps.setLong(3, updated);
      ps.setBoolean(4, finished);
      ps.setInt(5, range);
      ps.executeUpdate();
    }
  }

  static void state(Connection c, String state) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SET_STATE)) {
      ps.setString(1, state);
      ps.executeUpdate();
    }
  }

  static void batchDone(Connection c, long ms) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BATCH_DONE)) {
      ps.setInt(1, (int) Math.min(Integer.MAX_VALUE, ms));
      ps.executeUpdate();
    }
  }

  static void lockHeld(Connection c, long ms) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK_HELD)) {
      ps.setLong(1, ms);
      ps.executeUpdate();
    }
  }

  static void restart(Connection c, long estimatedRows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(START_RUN)) {
      ps.setLong(1, estimatedRows);
      ps.executeUpdate();
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.execute();
    }
  }
}
