package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;
import java.util.OptionalLong;

/** The id of a global dimension's lookup row by its name, read from the live database; empty when it has none. */
@FunctionalInterface
public interface LookupIds {
  OptionalLong of(DimensionColumn dimension, String name);
}
