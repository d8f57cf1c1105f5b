package io.cutover.migration.plan;

import java.util.List;

/**
 * One string column to move into a lookup table.
 *
 * @param column the string column of the table
 * @param lookup the lookup table's name (same schema as the table)
 * @param fk the new bigint column referencing {@code lookup.id}
 * @param valueColumn the lookup's column holding the string ({@code name} by default)
 * @param scope columns of the table that the lookup is keyed by besides the value (per-user lookups)
 */
public record Dimension(String column, String lookup, String fk, String valueColumn, List<String> scope) {

  public static final String DEFAULT_VALUE_COLUMN = "name";

  public Dimension {
    scope = List.copyOf(scope);
  }

  public boolean isScoped() {
    return !scope.isEmpty();
  }
}
