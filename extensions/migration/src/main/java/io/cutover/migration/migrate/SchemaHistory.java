package io.cutover.migration.migrate;

import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.CutoverSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cutover.schema_history}: what was applied, when, by whom, how long it took, and whether it
 * succeeded; one sequence of versions per plan (each plan's migrations directory has its own V1),
 * and one for migrations of no plan.
 */
public final class SchemaHistory {

  /** The history of migrations that belong to no plan. */
  public static final SchemaHistory SHARED = new SchemaHistory("");

  private static final String LIST = """
      SELECT installed_rank, version, description, kind, script, checksum, installed_by, installed_on,
             execution_ms, success, failure
      FROM cutover.schema_history WHERE plan = ? ORDER BY installed_rank
      """;
  private static final String RECORD = """
      INSERT INTO cutover.schema_history (plan, version, description, kind, script, checksum, execution_ms, success,
        failure)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String DELETE_FAILED = """
      DELETE FROM cutover.schema_history WHERE plan = ? AND NOT success RETURNING version
      """;
  /** Bind: this history, version, checksum. Where the same file (version and content) was applied under another. */
  private static final String ELSEWHERE = """
      SELECT plan, script FROM cutover.schema_history
      WHERE plan <> ? AND version = ? AND checksum = ? AND success ORDER BY installed_rank LIMIT 1
      """;
  private static final String ACCEPT_CHECKSUM = "UPDATE cutover.schema_history SET checksum = ? WHERE installed_rank = ?";

  private final String plan;

  private SchemaHistory(String plan) {
    this.plan = plan;
  }

  /** The history of {@code plan}'s migrations. */
  public static SchemaHistory of(PlanTable plan) {
    return new SchemaHistory(plan.key());
  }

  /** The applied migrations, oldest first; none when the cutover schema does not exist (nothing is created). */
  public List<AppliedMigration> list(Connection c) throws SQLException {
    List<AppliedMigration> out = new ArrayList<>();
    if (!CutoverSchema.exists(c)) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(LIST)) {
      ps.setString(1, plan);
      ResultSet rs = ps.executeQuery();
      while (rs.next()) {
        out.add(new AppliedMigration(rs.getInt(1), MigrationVersion.parse(rs.getString(2)), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
            rs.getInt(9), rs.getBoolean(10), Optional.ofNullable(rs.getString(11))));
      }
    }
    return out;
  }

  /** Records a run; on a transactional migration's own connection, inside its transaction. */
  public void record(Connection c, MigrationFile f, long executionMs, Optional<String> failure) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RECORD)) {
      ps.setString(1, plan);
      ps.setString(2, f.version().text());
      ps.setString(3, f.description());
      ps.setString(4, f.kind().label());
      ps.setString(5, f.name());
      ps.setInt(6, f.checksum());
      ps.setInt(7, (int) Math.min(Integer.MAX_VALUE, executionMs));
      ps.setBoolean(8, failure.isEmpty());
      ps.setString(9, failure.orElse(null));
      ps.executeUpdate();
    }
  }

  /** Forgets failed runs, so the next \migrate tries them again; returns their versions. */
  public List<String> deleteFailed(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(DELETE_FAILED)) {
      ps.setString(1, plan);
      ResultSet rs = ps.executeQuery();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * Where {@code f} (its version and content) was applied under another history, if it was: the
   * files of one directory reached under two histories (a symlink, another checkout, --dir before
   * its plan, a directory inside another plan's) would run twice. The plan's name, "" for none.
   */
  public Optional<String> appliedElsewhere(Connection c, MigrationFile f) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ELSEWHERE)) {
      ps.setString(1, plan);
      ps.setString(2, f.version().text());
      ps.setInt(3, f.checksum());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1).isEmpty() ? "no plan (\\migrate --dir), as " + rs.getString(2)
            : "the plan of " + rs.getString(1) + ", as " + rs.getString(2)) : Optional.empty();
      }
    }
  }

  public void acceptChecksum(Connection c, AppliedMigration applied, int checksum) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ACCEPT_CHECKSUM)) {
      ps.setInt(1, checksum);
      ps.setInt(2, applied.rank());
      ps.executeUpdate();
    }
  }
}
