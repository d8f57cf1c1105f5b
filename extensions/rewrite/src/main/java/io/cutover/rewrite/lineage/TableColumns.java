package io.cutover.rewrite.lineage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the live catalog says of a table named in a query. */
public interface TableColumns {

  /** The table's columns; empty when no such table is visible. */
  Optional<List<String>> of(List<String> qualifiedName);

  /**
   * The first key column of each valid index of the table (an index whose first key is an
   * expression has none and is left out); empty when the table has none or is not visible.
   */
  List<IndexLead> indexes(List<String> qualifiedName);

  /** Whether {@code name} is a view whose SELECT reads {@code table}; false when the catalog cannot tell. */
  default boolean isViewOf(List<String> name, List<String> table) {
    return false;
  }

  /** Whether each table still has the columns it had when {@code read} was read (an ALTER TABLE since changes them). */
  default boolean unchanged(Map<List<String>, Optional<List<String>>> read) {
    return read.entrySet().stream().allMatch(e -> of(e.getKey()).equals(e.getValue()));
  }

  /** @param partial the index has a WHERE: only queries that imply it can use it */
  record IndexLead(String column, boolean partial) {
  }
}
