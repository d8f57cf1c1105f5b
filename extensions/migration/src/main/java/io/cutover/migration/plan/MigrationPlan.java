package io.cutover.migration.plan;

import java.util.List;
import java.util.Optional;

/**
 * What to migrate: a table, its key, the dimensions to move into lookup tables, the raw column
 * the contract step drops, and the application's Flipper flags. Nothing here is specific to
 * heartbeats: another table is another plan.
 */
public record MigrationPlan(String schema, String table, String key, List<Dimension> dimensions,
                            Optional<String> rawColumn, Flags flags) {

  public static final String DEFAULT_SCHEMA = "public";

  /** The Flipper feature names the application reads; empty when it has none. */
  public record Flags(Optional<String> dualWrite, Optional<String> skipRaw) {
    public static Flags none() {
      return new Flags(Optional.empty(), Optional.empty());
    }
  }

  public MigrationPlan {
    dimensions = List.copyOf(dimensions);
  }

  public Optional<Dimension> dimension(String column) {
    return dimensions.stream().filter(d -> d.column().equals(column)).findFirst();
  }
}
