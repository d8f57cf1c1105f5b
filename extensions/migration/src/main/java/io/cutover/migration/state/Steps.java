package io.cutover.migration.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.cutover.migration.plan.PlanTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * {@code cutover.steps}: what the runbook commands record about themselves for one plan (who ran
 * what, when, with which result), for {@code \status} and for the guards of later steps. A step's
 * detail is a record of its own, stored as JSON with snake_case names (the read cutover reads them).
 */
public final class Steps {

  /** A recorded step: its status word and its detail. */
  public record Step(RunbookStep step, String status, JsonNode detail, String updatedBy, OffsetDateTime updatedAt) {

    /** The detail as the step's record; an unreadable one (written by hand) is an error that says where. */
    public <T> T detail(Class<T> type) throws SQLException {
      try {
        return MAPPER.treeToValue(detail, type);
      } catch (JsonProcessingException e) {
        throw new SQLException("cutover.steps holds an unreadable " + step.word() + " record: " + e.getOriginalMessage(), e);
      }
    }
  }

  /** No detail. */
  public record None() {
  }

  static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Reads a step's detail record from its JSON text, as {@link Step#detail} does. */
  public static final com.fasterxml.jackson.databind.ObjectReader MAPPER_READER = MAPPER.reader();

  private static final String UPSERT = """
      INSERT INTO cutover.steps (plan, step, status, detail, updated_by, updated_at)
      VALUES (?, ?, ?, ?::jsonb, current_user, now())
      ON CONFLICT (plan, step) DO UPDATE SET status = excluded.status, detail = excluded.detail,
        updated_by = excluded.updated_by, updated_at = excluded.updated_at
      """;
  private static final String GET = """
      SELECT status, detail::text, updated_by, updated_at FROM cutover.steps WHERE plan = ? AND step = ?
      """;

  private static final String FORGET = "DELETE FROM cutover.steps WHERE plan = ?";

  private Steps() {
  }

  /** Forgets every step recorded of {@code plan}. */
  public static void forget(Connection c, PlanTable plan) throws SQLException {
    SqlValues.update(c, FORGET, plan.key());
  }

  /** Records the step's status and detail (a record, or {@link None}). */
  public static void record(Connection c, PlanTable plan, RunbookStep step, String status, Object detail)
      throws SQLException {
    CutoverSchema.ensure(c);
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, plan.key());
      ps.setString(2, step.word());
      ps.setString(3, status);
      ps.setString(4, MAPPER.writeValueAsString(detail));
      ps.executeUpdate();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a step's detail is a plain record", e);
    }
  }

  public static Optional<Step> get(Connection c, PlanTable plan, RunbookStep step) throws SQLException {
    if (!CutoverSchema.exists(c) || !CutoverSchema.has(c, "steps")) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(GET)) {
      ps.setString(1, plan.key());
      ps.setString(2, step.word());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        JsonNode detail;
        try {
          detail = MAPPER.readTree(rs.getString(2));
        } catch (JsonProcessingException e) {
          detail = MAPPER.createObjectNode();
        }
        return Optional.of(new Step(step, rs.getString(1), detail, rs.getString(3), rs.getObject(4, OffsetDateTime.class)));
      }
    }
  }
}
