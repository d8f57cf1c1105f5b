package io.cutover.rewrite.lineage;

import java.util.List;
import java.util.Optional;

/** The columns of a table named in a query, from the live catalog; empty when no such table is visible. */
@FunctionalInterface
public interface TableColumns {
  Optional<List<String>> of(List<String> qualifiedName);
}
