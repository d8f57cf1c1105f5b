package io.cutover.rewrite.lineage;

import io.cutover.rewrite.plan.DimensionColumn;

/** A dimension as one column of one FROM item provides it: the unit a SELECT decides ids or names for. */
record DimensionKey(Source source, DimensionColumn dimension, String column) {

  static DimensionKey of(Scope.Ref ref) {
    DimensionColumn d = ref.meaning() instanceof ColumnMeaning.Raw r ? r.dimension()
        : ((ColumnMeaning.Ids) ref.meaning()).dimension();
    return new DimensionKey(ref.source(), d, ref.column());
  }

  /** The column of the FROM item that holds the ids: the FK, or the derived column. */
  String idColumn() {
    return source.kind == Source.Kind.PLAN_TABLE ? dimension.fk() : source.referenceName(column);
  }
}
