package io.cutover.rewrite.lineage;

/**
 * One column a rewritten query returns.
 *
 * @param name what the original query called it (what the user sees)
 * @param reference what the rewritten query calls it ({@code language} grouped by id becomes {@code language_id})
 * @param item the select item it comes from
 * @param hidden added only so an outer ORDER BY can use it; not part of the result
 */
record OutputColumn(String name, String reference, ColumnMeaning meaning, int item, boolean hidden) {

  boolean holdsIds() {
    return meaning instanceof ColumnMeaning.Ids;
  }

  OutputColumn asHidden() {
    return new OutputColumn(name, reference, meaning, item, true);
  }
}
