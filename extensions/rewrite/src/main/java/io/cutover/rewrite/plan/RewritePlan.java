package io.cutover.rewrite.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.shell.spi.CommandException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored migration plan (schema {@code cutover}, written by {@code \plan}), read straight from
 * the database: the database is the only thing this extension shares with the migration one.
 *
 * @param id the stored plan's row, so caches keyed by it notice a new {@code \plan}
 */
public record RewritePlan(long id, String schema, String table, List<DimensionColumn> dimensions) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  // Reads one row; AccessShareLock on cutover.plans only.
  private static final String LATEST = """
      SELECT id, document::text FROM cutover.plans ORDER BY id DESC LIMIT 1
      """;

  public Optional<DimensionColumn> dimension(String column) {
    return dimensions.stream().filter(d -> d.column().equals(column)).findFirst();
  }

  /** The plan most recently stored with {@code \plan}. */
  public static RewritePlan load(Connection c) throws SQLException, CommandException {
    if (!exists(c, "cutover.plans")) {
      throw noPlan();
    }
    try (PreparedStatement ps = c.prepareStatement(LATEST); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw noPlan();
      }
      return parse(rs.getLong(1), rs.getString(2));
    }
  }

  static RewritePlan parse(long id, String json) throws CommandException {
    try {
      JsonNode root = MAPPER.readTree(json);
      String schema = root.path("schema").asText("public");
      List<DimensionColumn> dims = new ArrayList<>();
      for (JsonNode d : root.path("dimensions")) {
        List<String> scope = new ArrayList<>();
        d.path("scope").forEach(s -> scope.add(s.asText()));
        dims.add(new DimensionColumn(d.path("column").asText(), d.path("fk").asText(), schema,
            d.path("lookup").asText(), d.path("value_column").asText("name"), List.copyOf(scope)));
      }
      return new RewritePlan(id, schema, root.path("table").asText(), List.copyOf(dims));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CommandException("the stored plan is not valid JSON: " + e.getOriginalMessage(),
          "Store it again with \\plan FILE.");
    }
  }

  /** Whether a table of schema cutover exists yet (the migration extension creates them on first use). */
  static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static CommandException noPlan() {
    return new CommandException("no migration plan is stored in this database",
        "Store one with \\plan FILE (the heartbeats example: \\plan examples/heartbeats/plan.json).");
  }
}
