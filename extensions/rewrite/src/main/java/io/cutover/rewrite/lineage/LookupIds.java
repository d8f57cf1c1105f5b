package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;
import java.util.List;
import java.util.OptionalLong;

/** The id of a global dimension's lookup row by its name, read from the live database; empty when it has none. */
@FunctionalInterface
public interface LookupIds {
  OptionalLong of(DimensionColumn dimension, String name);

  /**
   * Whether each name still has the id it was read with: a lookup row deleted and inserted again
   * has another, and a rewrite holding the old one would miss its rows. Ids read as absent are not
   * asked (the rewrite looks those up when it runs). An implementation that caches ids forgets the
   * ones that changed.
   */
  default boolean unchanged(List<Read> reads) {
    return reads.stream().allMatch(r -> r.id().isEmpty() || of(r.dimension(), r.name()).equals(r.id()));
  }

  /** What {@link #of} answered. */
  record Read(DimensionColumn dimension, String name, OptionalLong id) {
  }
}
