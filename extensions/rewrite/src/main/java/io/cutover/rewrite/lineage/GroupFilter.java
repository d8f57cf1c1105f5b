package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;
import java.util.function.UnaryOperator;
import org.apache.calcite.sql.SqlNode;

/**
 * A WHERE test on a function of a grouped dimension ({@code length(user_agent) > 10} in a query
 * grouped by {@code user_agent}), taken out of the grouped SELECT to be tested once per group on
 * the name the wrapper joins, as HAVING would: a group's rows all share the name, so the test keeps
 * or drops whole groups, and the result is the same.
 *
 * @param onName the test, given the expression of the group's name
 */
record GroupFilter(DimensionColumn dimension, UnaryOperator<SqlNode> onName) {
}
