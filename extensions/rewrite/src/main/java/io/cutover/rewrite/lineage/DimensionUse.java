package io.cutover.rewrite.lineage;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** How a dimension column is used at one place in a SELECT. */
enum DimensionUse {
  GROUP_KEY, PARTITION_KEY, DISTINCT_ITEM, OUTPUT, COUNT, COUNT_DISTINCT, FILTERED, IS_NULL, VALUE;

  /** The uses ids answer exactly as names do (every one but reading the value). */
  static final Set<DimensionUse> ANSWERED_BY_IDS = EnumSet.complementOf(EnumSet.of(VALUE));

  /** For the notes: "grouped, carried, filtered". */
  static String describe(Set<DimensionUse> uses) {
    List<String> out = new ArrayList<>();
    for (DimensionUse u : uses) {
      out.add(switch (u) {
        case GROUP_KEY -> "grouped";
        case PARTITION_KEY -> "partitioned";
        case DISTINCT_ITEM -> "made distinct";
        case OUTPUT -> "carried";
        case COUNT -> "counted";
        case COUNT_DISTINCT -> "counted distinct";
        case FILTERED -> "filtered";
        case IS_NULL -> "tested for NULL";
        case VALUE -> "read";
      });
    }
    return String.join(", ", out);
  }
}
