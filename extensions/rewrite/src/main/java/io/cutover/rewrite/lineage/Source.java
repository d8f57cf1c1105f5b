package io.cutover.rewrite.lineage;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;

/**
 * One item of a FROM clause: the plan's table, a derived table or CTE (already rewritten, with
 * what each of its columns now holds), or any other table.
 */
final class Source {

  enum Kind { PLAN_TABLE, DERIVED, OTHER }

  final Kind kind;
  /** The name the query qualifies its columns with; null for a derived table without an alias. */
  final String alias;
  /** Column → meaning; null when the columns are unknown (a table the catalog does not show, a function). */
  final Map<String, ColumnMeaning> columns;
  /** Column → the name the rewritten query uses for it (derived tables whose columns were renamed). */
  final Map<String, String> renamed = new LinkedHashMap<>();
  /** Columns of the plan's table whose value is the same on every row (fixed by {@code col = value}), with it. */
  final Map<String, SqlNode> fixed = new LinkedHashMap<>();
  /**
   * Columns of the plan's table that a conjunct of the WHERE compares with values ({@code =},
   * {@code <}, {@code BETWEEN}, {@code IN}): an index they lead may find the rows.
   */
  final Set<String> narrowed = new HashSet<>();
  /** The FROM item itself, where a lookup join is attached. */
  final SqlNode node;

  Source(Kind kind, String alias, Map<String, ColumnMeaning> columns, SqlNode node) {
    this.kind = kind;
    this.alias = alias;
    this.columns = columns;
    this.node = node;
  }

  boolean knowsColumns() {
    return columns != null;
  }

  /** By the name the original query used, or the name a rename gave it. */
  Optional<ColumnMeaning> column(String name) {
    if (columns == null) {
      return Optional.empty();
    }
    if (columns.containsKey(name)) {
      return Optional.of(columns.get(name));
    }
    return renamed.entrySet().stream().filter(e -> e.getValue().equals(name)).findFirst()
        .map(e -> columns.get(e.getKey()));
  }

  String referenceName(String column) {
    return renamed.getOrDefault(column, column);
  }
}
