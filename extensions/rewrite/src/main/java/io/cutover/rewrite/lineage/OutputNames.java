package io.cutover.rewrite.lineage;

import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;

/**
 * The name PostgreSQL gives a select item's column (its FigureColname rules): the alias; a
 * column's own name; a function's name; {@code case}; through casts; else {@code ?column?}.
 */
final class OutputNames {

  static final String UNNAMED = "?column?";

  private OutputNames() {
  }

  static String of(SqlNode item) {
    String alias = alias(item);
    return alias != null ? alias : figure(expression(item));
  }

  /** The alias of {@code expr AS alias}, or null. */
  static String alias(SqlNode item) {
    if (item instanceof SqlCall call && call.getKind() == SqlKind.AS) {
      return ((SqlIdentifier) call.operand(1)).getSimple();
    }
    return null;
  }

  /** The item without its alias. */
  static SqlNode expression(SqlNode item) {
    return item instanceof SqlCall call && call.getKind() == SqlKind.AS ? call.operand(0) : item;
  }

  private static String figure(SqlNode expr) {
    if (expr instanceof SqlIdentifier id) {
      return id.isStar() ? UNNAMED : id.names.get(id.names.size() - 1);
    }
    if (expr instanceof SqlSelect sub) {
      return sub.getSelectList().isEmpty() ? UNNAMED : of(sub.getSelectList().get(0));
    }
    if (!(expr instanceof SqlCall call)) {
      return UNNAMED;
    }
    switch (call.getKind()) {
      case CAST: {
        String inner = figure(call.operand(0));
        return inner.equals(UNNAMED) ? call.operand(1).toString().toLowerCase(Locale.ROOT) : inner;
      }
      case OVER:
      case FILTER:
      case WITHIN_GROUP:
        return figure(call.operand(0));
      case CASE:
        return "case";
      case EXISTS:
        return "exists";
      case ARRAY_VALUE_CONSTRUCTOR:
      case ARRAY_QUERY_CONSTRUCTOR:
        return "array";
      case ROW:
        return "row";
      case SCALAR_QUERY:
        return figure(call.operand(0));
      default:
        return call.getOperator() instanceof SqlFunction f ? f.getName().toLowerCase(Locale.ROOT) : UNNAMED;
    }
  }
}
