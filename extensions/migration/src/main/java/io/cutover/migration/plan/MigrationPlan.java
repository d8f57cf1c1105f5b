package io.cutover.migration.plan;

import java.util.List;
import java.util.Optional;

/**
 * What to migrate: a table, its key, the dimensions to move into lookup tables, the raw column
 * the contract step drops, and the application's Flipper flags. Nothing here is specific to
 * heartbeats: another table is another plan, and a database may hold several.
 *
 * @param migrations the directory of the plan's migrations, relative to the plan file
 */
public record MigrationPlan(String schema, String table, String key, List<Dimension> dimensions,
                            Optional<String> rawColumn, Flags flags, Optional<String> migrations) {

  public static final String DEFAULT_SCHEMA = "public";
  /** Where a plan's migrations are, beside its file, unless it names its own directory. */
  public static final String DEFAULT_MIGRATIONS = "migrations";

  /** The Flipper feature names the application reads; empty when it has none. */
  public record Flags(Optional<String> dualWrite, Optional<String> skipRaw) {
    public static Flags none() {
      return new Flags(Optional.empty(), Optional.empty());
    }
  }

  public MigrationPlan {
    dimensions = List.copyOf(dimensions);
  }

  /** The table, which names the plan and its records. */
  public PlanTable target() {
    return new PlanTable(schema, table);
  }

  /** The directory of the plan's migrations, given the plan file's location. */
  public java.nio.file.Path migrationsDirectory(java.nio.file.Path planFile) {
    return planFile.toAbsolutePath().getParent().resolve(migrations.orElse(DEFAULT_MIGRATIONS)).normalize();
  }

  public Optional<Dimension> dimension(String column) {
    return dimensions.stream().filter(d -> d.column().equals(column)).findFirst();
  }
}
