package io.cutover.migration.plan;

import io.cutover.migration.state.CutoverSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/** The current plan, kept in {@code cutover.plans} (the latest row; earlier ones are history). */
public final class PlanStore {

  /** A plan as stored: where it came from, who loaded it and when. */
  public record StoredPlan(MigrationPlan plan, Optional<String> source, String loadedBy, OffsetDateTime loadedAt) {
  }

  private static final String INSERT = "INSERT INTO cutover.plans (document, source) VALUES (?::jsonb, ?)";
  private static final String CURRENT = """
      SELECT document::text, source, loaded_by, loaded_at FROM cutover.plans ORDER BY id DESC LIMIT 1
      """;

  private PlanStore() {
  }

  public static void save(Connection c, MigrationPlan plan, String source) throws SQLException {
    CutoverSchema.ensure(c);
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, PlanReader.write(plan));
      ps.setString(2, source);
      ps.executeUpdate();
    }
  }

  /** The current plan, or empty when none was loaded (or the schema does not exist yet). */
  public static Optional<StoredPlan> current(Connection c) throws SQLException {
    if (!CutoverSchema.exists(c)) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(CURRENT); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      try {
        return Optional.of(new StoredPlan(PlanReader.read(rs.getString(1)), Optional.ofNullable(rs.getString(2)),
            rs.getString(3), rs.getObject(4, OffsetDateTime.class)));
      } catch (InvalidPlanException e) {
        throw new SQLException("the stored plan in cutover.plans cannot be read: " + e.getMessage(), "XX000", e);
      }
    }
  }
}
