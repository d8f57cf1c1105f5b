package io.cutover.migration.pacing;

import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.SqlValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Why a plan's running work is paused or slowed, in {@code cutover.throttles}, so that every shell
 * on the database can say it ({@code \backfill status}, {@code \status}). Written only when the
 * reason changes, in autocommit, with the writing session: a killed run's last reason is read as
 * no one's once that session is gone.
 */
public final class ThrottleLog {

  /** Why, and since when the work has been held back without a break (the values in the reason change meanwhile). */
  public record Entry(String reason, OffsetDateTime since) {
  }

  private static final String WRITE = """
      INSERT INTO cutover.throttles (plan, work, reason) VALUES (?, ?, ?)
      ON CONFLICT (plan, work) DO UPDATE SET reason = excluded.reason, pid = excluded.pid
      """;
  private static final String CLEAR = "DELETE FROM cutover.throttles WHERE plan = ? AND work = ?";
  /** A reason whose writer's session is gone (a kill, a lost connection) is no one's now. */
  private static final String READ = """
      SELECT reason, since FROM cutover.throttles t WHERE plan = ? AND work = ?
        AND EXISTS (SELECT FROM pg_catalog.pg_stat_activity a WHERE a.pid = t.pid)
      """;

  private final String plan;
  private final String work;

  /**
   * @param plan the plan's key ({@code PlanTable.key()})
   * @param work what runs: {@code backfill}, {@code rebuild}, ...
   */
  public ThrottleLog(String plan, String work) {
    this.plan = plan;
    this.work = work;
  }

  /** Records {@code reason}, or clears it when empty. */
  void write(Connection c, String reason) throws SQLException {
    if (reason.isEmpty()) {
      SqlValues.update(c, CLEAR, plan, work);
    } else {
      SqlValues.update(c, WRITE, plan, work, reason);
    }
  }

  public Optional<Entry> read(Connection c) throws SQLException {
    if (!CutoverSchema.exists(c) || !CutoverSchema.has(c, "throttles")) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(READ)) {
      ps.setString(1, plan);
      ps.setString(2, work);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getObject(2, OffsetDateTime.class))) : Optional.empty();
      }
    }
  }
}
