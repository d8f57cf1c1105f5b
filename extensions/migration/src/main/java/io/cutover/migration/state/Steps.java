package io.cutover.migration.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * {@code cutover.steps}: what the runbook commands record about themselves (who ran what, when,
 * with which result), for {@code \status} and for the guards of later steps.
 */
public final class Steps {

  /** A recorded step: its status word and a JSON detail. */
  public record Step(String name, String status, String detailJson, String updatedBy, OffsetDateTime updatedAt) {
    /** The detail as JSON (an empty object when unreadable: it is written by cutover alone). */
    public JsonNode detail() {
      try {
        return MAPPER.readTree(detailJson);
      } catch (JsonProcessingException e) {
        return MAPPER.createObjectNode();
      }
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String UPSERT = """
      INSERT INTO cutover.steps (step, status, detail, updated_by, updated_at)
      VALUES (?, ?, ?::jsonb, current_user, now())
      ON CONFLICT (step) DO UPDATE SET status = excluded.status, detail = excluded.detail,
        updated_by = excluded.updated_by, updated_at = excluded.updated_at
      """;
  private static final String GET = "SELECT step, status, detail::text, updated_by, updated_at FROM cutover.steps WHERE step = ?";

  private Steps() {
  }

  public static void record(Connection c, String step, String status, String detailJson) throws SQLException {
    CutoverSchema.ensure(c);
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, step);
      ps.setString(2, status);
      ps.setString(3, detailJson);
      ps.executeUpdate();
    }
  }

  public static Optional<Step> get(Connection c, String step) throws SQLException {
    if (!CutoverSchema.has(c, "steps")) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(GET)) {
      ps.setString(1, step);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Step(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getObject(5, OffsetDateTime.class)));
      }
    }
  }
}
