package io.cutover.rewrite.plan;

import java.util.List;

/**
 * One dimension of the stored plan, as the rewrite sees it: the string column of the big table,
 * its FK twin, and the lookup table holding the strings (by {@code id}).
 *
 * @param scope columns that make a lookup value unique together with its string (per-user
 *     projects): within one scope value, ids and strings map one to one; across scopes they do not
 */
public record DimensionColumn(String column, String fk, String lookupSchema, String lookup, String valueColumn,
    List<String> scope) {

  public boolean isScoped() {
    return !scope.isEmpty();
  }
}
