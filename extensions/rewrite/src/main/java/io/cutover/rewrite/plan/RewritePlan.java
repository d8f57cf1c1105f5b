package io.cutover.rewrite.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import io.cutover.shell.spi.Variables;
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

  /**
   * The psql variable naming the session's plan by its table, always quoted ("schema"."table"), as
   * {@code \plan} and {@code \plan use} set it; unset, the database's only plan is the one.
   */
  static final String SELECTED = "CUTOVER_PLAN";

  // One row each; AccessShareLock on cutover.plans only. Bind: the table, always quoted.
  private static final String LATEST_OF = """
      SELECT id, document::text FROM cutover.plans WHERE target = ? ORDER BY id DESC LIMIT 1
      """;
  private static final String ONLY = """
      SELECT max(id), (array_agg(document::text ORDER BY id DESC))[1], count(DISTINCT target) FROM cutover.plans
      """;

  public Optional<DimensionColumn> dimension(String column) {
    return dimensions.stream().filter(d -> d.column().equals(column)).findFirst();
  }

  /** The session's plan as {@code \\plan} last stored it: the one {@value #SELECTED} names, or the only one. */
  public static RewritePlan load(Connection c, Variables variables) throws SQLException, CommandException {
    if (!exists(c, "cutover.plans")) {
      throw noPlan();
    }
    Optional<String> chosen = variables.get(SELECTED);
    if (chosen.isPresent()) {
      try (PreparedStatement ps = c.prepareStatement(LATEST_OF)) {
        ps.setString(1, chosen.get());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new CommandException(SELECTED + " is \"" + chosen.get() + "\", which names no stored plan",
                "choose one with \\plan use TABLE (\\plan list shows them)");
          }
          return parse(rs.getLong(1), rs.getString(2));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(ONLY); ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (rs.getLong(3) == 0) {
        throw noPlan();
      }
      if (rs.getLong(3) > 1) {
        throw new CommandException(rs.getLong(3) + " plans are stored in this database and this session has chosen none",
            "choose one: \\plan use TABLE (\\plan list shows them)");
      }
      return parse(rs.getLong(1), rs.getString(2));
    }
  }

  /** The plan's table, always quoted: the key of its records in schema cutover. */
  public String target() {
    return Quoting.qualified(schema, table);
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
