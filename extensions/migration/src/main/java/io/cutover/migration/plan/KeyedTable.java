package io.cutover.migration.plan;

import io.cutover.shell.spi.Quoting;
import java.util.Set;

/**
 * A table and the column that keys its rows, with or without a plan: what batches over keys and
 * copies of the table ({@code \rebuild}, {@code \partition}'s conversion) need of it.
 */
public record KeyedTable(TableShape table, String key) {

  /** The table, as records in schema cutover name it. */
  public PlanTable target() {
    return new PlanTable(table.schema(), table.name());
  }

  public String qualified() {
    return Quoting.qualified(table.schema(), table.name());
  }

  /** The key column's type, as casts of bound key values need it ({@code bigint}, {@code uuid}). */
  public String keyType() {
    return table.column(key).orElseThrow().type();
  }

  /**
   * The table's greatest key as text (or its least): ORDER BY the key with LIMIT 1, which the key's
   * index answers for any key type, where {@code max()} does not exist for some (uuid).
   */
  public String edgeKey(boolean greatest) {
    // Qualified: a bare name in ORDER BY would be the output column, the key as text, sorted as text.
    String k = "t." + Quoting.identifier(key);
    return "SELECT " + k + "::text FROM " + qualified() + " t ORDER BY " + k + (greatest ? " DESC" : "") + " LIMIT 1";
  }

  /** The greatest of a batch's keys ({@code expr}): max() for integers; uuid has none, so the first of them sorted down. */
  public String greatestOf(String expr) {
    return hasIntegerKey() ? "max(" + expr + ")" : "(array_agg(" + expr + " ORDER BY " + expr + " DESC))[1]";
  }

  public boolean hasIntegerKey() {
    return Set.of("bigint", "integer", "smallint").contains(keyType());
  }
}
