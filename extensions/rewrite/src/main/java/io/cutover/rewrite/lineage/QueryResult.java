package io.cutover.rewrite.lineage;

import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlNode;

/**
 * A rewritten query and what its columns now hold.
 *
 * @param fixed columns of the plan's table that hold one value on every row of the result, with that value
 */
record QueryResult(SqlNode node, List<OutputColumn> columns, Map<String, SqlNode> fixed) {

  boolean holdsIds() {
    return columns.stream().anyMatch(OutputColumn::holdsIds);
  }
}
