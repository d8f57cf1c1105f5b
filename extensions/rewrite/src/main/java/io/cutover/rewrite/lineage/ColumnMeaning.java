package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;

/** What a column of a FROM item holds, as far as the rewrite is concerned. */
sealed interface ColumnMeaning {

  /** The dimension's string column of the plan's table, read as it is. */
  record Raw(DimensionColumn dimension) implements ColumnMeaning {
  }

  /** A column that held the dimension's strings and, rewritten, holds its lookup ids. */
  record Ids(DimensionColumn dimension) implements ColumnMeaning {
  }

  /** Another column of the plan's table, passed through unchanged (a scope column such as user_id). */
  record Base(String column) implements ColumnMeaning {
  }

  /** Anything else. */
  record Other() implements ColumnMeaning {
  }

  ColumnMeaning OTHER = new Other();

  default boolean isDimension() {
    return this instanceof Raw || this instanceof Ids;
  }
}
