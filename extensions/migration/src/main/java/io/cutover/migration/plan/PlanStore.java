package io.cutover.migration.plan;

import io.cutover.migration.migrate.MigrationDirectory;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.SqlValues;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plans of a database, kept in {@code cutover.plans}: one per table (the latest row for it;
 * earlier ones are history). A session works on one of them, the one its variable
 * {@value #SELECTED} names ({@code \plan FILE} and {@code \plan use TABLE} set it), or the only
 * one stored. The selection is the session's, never the database's: another engineer loading a
 * plan for another table must not turn this session's next {@code \backfill} onto that table.
 */
public final class PlanStore {

  /** The psql variable that names this session's plan, by its table's {@link PlanTable#key()}. */
  public static final String SELECTED = "CUTOVER_PLAN";

  /** A plan as stored: where it came from, who loaded it and when. */
  public record StoredPlan(MigrationPlan plan, Optional<String> source, String loadedBy, OffsetDateTime loadedAt) {

    /** The directory of its migrations (its real path), when the plan came from a file. */
    public Optional<Path> migrationsDirectory() {
      return source.map(s -> MigrationDirectory.real(plan.migrationsDirectory(Path.of(s))));
    }
  }

  private static final String FORGET = "DELETE FROM cutover.plans WHERE target = ?";
  private static final String INSERT = "INSERT INTO cutover.plans (target, document, source) VALUES (?, ?::jsonb, ?)";
  /** The latest of each table's plans, the table loaded first listed first. */
  private static final String LATEST = """
      SELECT document::text, source, loaded_by, loaded_at FROM (
        SELECT DISTINCT ON (target) target, id, document, source, loaded_by, loaded_at,
               min(id) OVER (PARTITION BY target) AS first_id
        FROM cutover.plans ORDER BY target, id DESC) p
      ORDER BY first_id
      """;

  private PlanStore() {
  }

  public static void save(Connection c, MigrationPlan plan, String source) throws SQLException {
    CutoverSchema.ensure(c);
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, plan.target().key());
      ps.setString(2, PlanReader.write(plan));
      ps.setString(3, source);
      ps.executeUpdate();
    }
  }

  /** Every table's plan, none when the schema does not exist yet. */
  public static List<StoredPlan> all(Connection c) throws SQLException {
    List<StoredPlan> out = new ArrayList<>();
    if (!CutoverSchema.exists(c)) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(LATEST); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        try {
          out.add(new StoredPlan(PlanReader.read(rs.getString(1)), Optional.ofNullable(rs.getString(2)),
              rs.getString(3), rs.getObject(4, OffsetDateTime.class)));
        } catch (InvalidPlanException e) {
          throw new SQLException("a stored plan in cutover.plans cannot be read: " + e.getMessage(), "XX000", e);
        }
      }
    }
    return out;
  }

  /** The plan of {@code table}, if one is stored. */
  public static Optional<StoredPlan> of(Connection c, PlanTable table) throws SQLException {
    return all(c).stream().filter(p -> p.plan().target().equals(table)).findFirst();
  }

  /** The session's plan; refused, saying how to choose, when it is not clear which. */
  public static StoredPlan selected(CommandContext context) throws SQLException, CommandException {
    List<StoredPlan> plans = all(context.connection());
    if (plans.isEmpty()) {
      throw new CommandException("no plan loaded in this database", "load one with \\plan FILE");
    }
    Optional<String> chosen = context.variables().get(SELECTED);
    if (chosen.isEmpty()) {
      if (plans.size() == 1) {
        return plans.get(0);
      }
      throw new CommandException(plans.size() + " plans are stored in this database (" + names(plans)
          + ") and this session has chosen none", "choose one: \\plan use TABLE");
    }
    return named(plans, chosen.get(), SELECTED + " is \"" + chosen.get() + "\", which");
  }

  /** The plan {@code typed} names (its table, qualified or not, as {@link PlanTable#isNamedBy}). */
  public static StoredPlan named(List<StoredPlan> plans, String typed, String subject) throws CommandException {
    List<StoredPlan> matching = plans.stream().filter(p -> p.plan().target().isNamedBy(typed)).toList();
    if (matching.size() == 1) {
      return matching.get(0);
    }
    if (matching.isEmpty()) {
      throw new CommandException(subject + " names no stored plan; stored: " + names(plans),
          "\\plan use TABLE, or load its plan with \\plan FILE");
    }
    throw new CommandException(subject + " names several plans (" + names(matching) + ")",
        "name the schema too: \\plan use SCHEMA.TABLE");
  }

  /** Deletes every version of {@code table}'s plan (its records are the callers' to forget). */
  public static void forget(Connection c, PlanTable table) throws SQLException {
    SqlValues.update(c, FORGET, table.key());
  }

  /** Makes {@code table}'s plan this session's. */
  public static void select(CommandContext context, PlanTable table) {
    context.variables().set(SELECTED, table.key());
  }

  private static String names(List<StoredPlan> plans) {
    return String.join(", ", plans.stream().map(p -> p.plan().target().toString()).toList());
  }
}
