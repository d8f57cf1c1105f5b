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
 * @param dualWriteFlag the application's Flipper flag that writes the FKs, when it has one
 */
public record RewritePlan(long id, String schema, String table, List<DimensionColumn> dimensions,
    Optional<String> dualWriteFlag) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * The psql variable naming the session's plan by its table, always quoted ("schema"."table"), as
   * {@code \plan} and {@code \plan use} set it; unset, the database's only plan is the one.
   */
  static final String SELECTED = "CUTOVER_PLAN";

  // The latest plan of each table; AccessShareLock on cutover.plans only.
  private static final String LATEST = """
      SELECT DISTINCT ON (target) id, document::text FROM cutover.plans ORDER BY target, id DESC
      """;

  public Optional<DimensionColumn> dimension(String column) {
    return dimensions.stream().filter(d -> d.column().equals(column)).findFirst();
  }

  /**
   * The session's plan as {@code \plan} last stored it: the one {@value #SELECTED} names (as SQL
   * names a table: bare parts folded to lower case), or the only one.
   */
  public static RewritePlan load(Connection c, Variables variables) throws SQLException, CommandException {
    if (!exists(c, "cutover.plans")) {
      throw noPlan();
    }
    if (!hasColumn(c, "cutover.plans", "target")) {
      throw new CommandException("schema cutover was made by an earlier cutover and keeps one plan's records",
          "run \\status once (on the primary): it upgrades the schema in place, and the read cutover reads it then");
    }
    List<RewritePlan> plans = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(LATEST); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        plans.add(parse(rs.getLong(1), rs.getString(2)));
      }
    }
    if (plans.isEmpty()) {
      throw noPlan();
    }
    Optional<String> chosen = variables.get(SELECTED);
    if (chosen.isEmpty()) {
      if (plans.size() == 1) {
        return plans.get(0);
      }
      throw new CommandException(plans.size() + " plans are stored in this database and this session has chosen none",
          "choose one: \\plan use TABLE (\\plan list shows them)");
    }
    List<String> name = Quoting.parseName(chosen.get());
    List<RewritePlan> named = plans.stream()
        .filter(p -> name.equals(List.of(p.table())) || name.equals(List.of(p.schema(), p.table()))).toList();
    if (named.size() != 1) {
      throw new CommandException(SELECTED + " is \"" + chosen.get() + "\", which names " + (named.isEmpty()
          ? "no stored plan" : "several plans"), "choose one with \\plan use TABLE (\\plan list shows them)");
    }
    return named.get(0);
  }

  /** The plan's table, always quoted: the key of its records in schema cutover. */
  public String target() {
    return Quoting.qualified(schema, table);
  }

  public static RewritePlan parse(long id, String json) throws CommandException {
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
      JsonNode flag = root.path("flags").path("dual_write");
      return new RewritePlan(id, schema, root.path("table").asText(), List.copyOf(dims),
          flag.isTextual() ? Optional.of(flag.asText()) : Optional.empty());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CommandException("the stored plan is not valid JSON: " + e.getOriginalMessage(),
          "Store it again with \\plan FILE.");
    }
  }

  private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(?) AND attname = ? AND NOT attisdropped)")) {
      ps.setString(1, table);
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
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
