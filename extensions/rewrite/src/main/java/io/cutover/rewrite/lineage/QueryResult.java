package io.cutover.rewrite.lineage;

import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;

/**
 * A rewritten query and what its columns now hold.
 *
 * @param fixed columns of the plan's table that hold one value on every row of the result
 */
record QueryResult(SqlNode node, List<OutputColumn> columns, Set<String> fixed) {

  boolean holdsIds() {
    return columns.stream().anyMatch(OutputColumn::holdsIds);
  }
}
