package io.cutover.rewrite.lineage;

import io.cutover.rewrite.parse.CastTypes;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;

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
    SqlSelect sub = firstSelect(expr);
    if (sub != null) {
      return sub.getSelectList().isEmpty() ? UNNAMED : of(sub.getSelectList().get(0));
    }
    if (!(expr instanceof SqlCall call)) {
      return UNNAMED;
    }
    switch (call.getKind()) {
      case CAST: {
        // PostgreSQL keeps the operand's name when it is a column's or a function's; a CASE's or
        // none gives way to the type's, which the placeholder of a :: cast carries after its last $.
        String inner = figure(call.operand(0));
        if (!inner.equals(UNNAMED) && !inner.equals("case")) {
          return inner;
        }
        String type = call.operand(1).toString();
        String unquoted = type.startsWith("`") || type.startsWith("\"") ? type.substring(1, type.length() - 1) : type;
        return CastTypes.columnNameOf(unquoted).orElse(type.toLowerCase(Locale.ROOT));
      }
      case ITEM:
        // a subscript: the name of what it subscripts, as PostgreSQL's A_Indirection without a field
        return figure(call.operand(0));
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

  /**
   * The SELECT whose first column names a scalar subquery: PostgreSQL reads it from the subquery's
   * result, so through ORDER BY/LIMIT, WITH and the first branch of a set operation.
   */
  private static SqlSelect firstSelect(SqlNode query) {
    if (query instanceof SqlOrderBy ob) {
      return firstSelect(ob.query);
    }
    if (query instanceof SqlWith w) {
      return firstSelect(w.body);
    }
    if (query instanceof SqlCall set && set.getKind().belongsTo(SqlKind.SET_QUERY)) {
      return firstSelect(set.operand(0));
    }
    return query instanceof SqlSelect s ? s : null;
  }
}
