package io.cutover.rewrite.lineage;

import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlNode;

/**
 * A rewritten query and what its columns now hold.
 *
 * @param fixed columns of the plan's table that hold one value on every row of the result, with that value
 * @param groupFilters tests the wrapper that names the ids must apply to its groups (only a top SELECT has them)
 */
record QueryResult(SqlNode node, List<OutputColumn> columns, Map<String, SqlNode> fixed, List<GroupFilter> groupFilters) {

  QueryResult(SqlNode node, List<OutputColumn> columns, Map<String, SqlNode> fixed) {
    this(node, columns, fixed, List.of());
  }

  boolean holdsIds() {
    return columns.stream().anyMatch(OutputColumn::holdsIds);
  }
}
