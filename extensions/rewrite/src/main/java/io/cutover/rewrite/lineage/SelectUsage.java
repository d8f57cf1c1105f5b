package io.cutover.rewrite.lineage;

import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;

/**
 * What the first pass over a SELECT found, fixed before the second pass rewrites it.
 *
 * @param uses each dimension of each FROM item read, with its uses, in the order first read
 * @param whyNames why a dimension needs its names, where the reason is not simply "read as text"
 * @param byId the dimensions the SELECT works on by id (every use one ids answer)
 * @param joinsLookups some dimension is read by name, so lookup tables join the FROM
 * @param groupedPlainly of a top SELECT: dimensions GROUP BY names (or their ordinals) when every
 *     item of it is a plain column
 * @param subqueriesOfIds comparisons with a subquery whose one column holds ids of the compared
 *     dimension, and that subquery's result (by identity)
 */
record SelectUsage(Map<DimensionKey, Set<DimensionUse>> uses, Map<DimensionKey, String> whyNames,
    Set<DimensionKey> byId, boolean joinsLookups, Set<DimensionKey> groupedPlainly,
    Map<SqlCall, QueryResult> subqueriesOfIds) {
}
