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
import org.apache.calcite.sql.fun.SqlCase;

/**
 * The name PostgreSQL gives a select item's column (its FigureColname rules): the alias; a
 * column's own name; a function's name; {@code case}; through casts; else {@code ?column?}. Each
 * name has PostgreSQL's strength: a cast's type or {@code case} (1) gives way to a stronger name
 * under it (2: a column, a function, a subquery's column), so {@code count(*)::text} is {@code
 * count} but {@code 'a'::regclass::oid} is {@code oid} and {@code (select 1)::int} stays {@code
 * ?column?}.
 */
final class OutputNames {

  static final String UNNAMED = "?column?";

  /** A name and how strongly PostgreSQL holds it (0: none found, 1: a type's or case, 2: any other). */
  private record Figure(String name, int strength) {
  }

  private static final Figure NONE = new Figure(UNNAMED, 0);
  private static final int WEAK = 1;
  private static final int STRONG = 2;

  private OutputNames() {
  }

  static String of(SqlNode item) {
    String alias = alias(item);
    return alias != null ? alias : figure(expression(item)).name();
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

  private static Figure figure(SqlNode expr) {
    if (expr instanceof SqlIdentifier id) {
      return id.isStar() ? NONE : new Figure(id.names.get(id.names.size() - 1), STRONG);
    }
    SqlSelect sub = firstSelect(expr);
    if (sub != null) {
      // A scalar subquery takes its column's name, whatever it is (?column? included).
      return sub.getSelectList().isEmpty() ? NONE : new Figure(of(sub.getSelectList().get(0)), STRONG);
    }
    if (!(expr instanceof SqlCall call)) {
      return NONE;
    }
    switch (call.getKind()) {
      case CAST: {
        Figure inner = figure(call.operand(0));
        if (inner.strength() > WEAK) {
          return inner;
        }
        // The type's name: a :: cast's placeholder carries it after its last $; CAST(x AS type) has its spec.
        String type = call.operand(1).toString();
        String unquoted = type.startsWith("`") || type.startsWith("\"") ? type.substring(1, type.length() - 1) : type;
        return new Figure(CastTypes.columnNameOf(unquoted).orElseGet(() -> CastTypes.columnName(type)), WEAK);
      }
      case ITEM:
        // a subscript: the name of what it subscripts, as PostgreSQL's A_Indirection without a field
        return figure(call.operand(0));
      case OVER:
      case FILTER:
      case WITHIN_GROUP:
        return figure(call.operand(0));
      case CASE: {
        SqlNode otherwise = ((SqlCase) call).getElseOperand();
        Figure result = otherwise == null ? NONE : figure(otherwise);
        return result.strength() > WEAK ? result : new Figure("case", WEAK);
      }
      case EXISTS:
        return new Figure("exists", STRONG);
      case ARRAY_VALUE_CONSTRUCTOR:
      case ARRAY_QUERY_CONSTRUCTOR:
        return new Figure("array", STRONG);
      case ROW:
        return new Figure("row", STRONG);
      case SCALAR_QUERY:
        return figure(call.operand(0));
      default:
        return call.getOperator() instanceof SqlFunction f ? new Figure(f.getName().toLowerCase(Locale.ROOT), STRONG) : NONE;
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
