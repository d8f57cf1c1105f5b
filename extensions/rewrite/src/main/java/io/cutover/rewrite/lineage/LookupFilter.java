package io.cutover.rewrite.lineage;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Predicates on a single dimension that can be answered on the lookup table instead of the big
 * one. Exact only when the predicate is never true for NULL (a NULL FK matches no lookup row), so
 * only null-in, null-out ("strict") operators and functions are accepted: comparisons, LIKE,
 * IN, BETWEEN, NOT, lower(), trim(), ||, ... and not IS DISTINCT FROM, COALESCE, CASE or concat().
 */
final class LookupFilter {

  private static final Set<SqlKind> PREDICATES = EnumSet.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
      SqlKind.GREATER_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.LIKE, SqlKind.SIMILAR,
      SqlKind.IN, SqlKind.NOT_IN, SqlKind.BETWEEN, SqlKind.NOT, SqlKind.POSIX_REGEX_CASE_SENSITIVE,
      SqlKind.POSIX_REGEX_CASE_INSENSITIVE);
  private static final Set<SqlKind> STRICT = EnumSet.of(SqlKind.TRIM, SqlKind.POSITION, SqlKind.CAST, SqlKind.PLUS,
      SqlKind.MINUS, SqlKind.TIMES, SqlKind.DIVIDE, SqlKind.MINUS_PREFIX, SqlKind.PLUS_PREFIX, SqlKind.CHAR_LENGTH);
  private static final Set<String> STRICT_FUNCTIONS = Set.of("lower", "upper", "btrim", "ltrim", "rtrim", "trim",
      "length", "char_length", "character_length", "octet_length", "substr", "substring", "left", "right", "replace",
      "split_part", "md5", "reverse", "initcap", "strpos", "lpad", "rpad", "repeat", "translate", "starts_with",
      "regexp_replace", "||", "ascii");

  private LookupFilter() {
  }

  static boolean isPredicate(SqlCall call) {
    return PREDICATES.contains(call.getKind());
  }

  /**
   * The one dimension reference the predicate reads (it may read it more than once), or null when
   * it reads none, several, any other column, a subquery, or uses an operator that is not strict.
   */
  static Scope.Ref onlyDimension(SqlCall predicate, Function<SqlIdentifier, Scope.Ref> resolve) {
    Scope.Ref[] found = new Scope.Ref[1];
    return pure(predicate, resolve, found) ? found[0] : null;
  }

  private static boolean pure(SqlNode node, Function<SqlIdentifier, Scope.Ref> resolve, Scope.Ref[] found) {
    if (node == null || node instanceof SqlLiteral || node instanceof SqlDynamicParam) {
      return true;
    }
    if (node instanceof SqlIdentifier id) {
      if (SqlTrees.isParameter(id)) {
        return true;
      }
      Scope.Ref ref = resolve.apply(id);
      if (ref == null || !ref.meaning().isDimension()) {
        return false;
      }
      if (found[0] != null && !DimensionKey.of(found[0]).equals(DimensionKey.of(ref))) {
        return false;
      }
      found[0] = ref;
      return true;
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        if (!pure(n, resolve, found)) {
          return false;
        }
      }
      return true;
    }
    if (!(node instanceof SqlCall call) || SqlTrees.isQuery(node)) {
      return false;
    }
    boolean strict = PREDICATES.contains(call.getKind()) || STRICT.contains(call.getKind())
        || STRICT_FUNCTIONS.contains(call.getOperator().getName().toLowerCase(Locale.ROOT));
    if (!strict || call.getFunctionQuantifier() != null) {
      return false;
    }
    for (SqlNode op : call.getOperandList()) {
      if (!pure(op, resolve, found)) {
        return false;
      }
    }
    return true;
  }

  /**
   * For {@code dim <> 'a'} and {@code dim NOT IN ('a', 'b')}: the opposite test on the lookup's
   * value column ({@code name = 'a'}, {@code name IN ('a', 'b')}); null for any other predicate.
   * Only on the bare dimension and strings ({@link #nameComparison}): then, for a non-NULL FK, the
   * predicate holds exactly when the id is not among those the opposite test finds (a function of
   * the name, or a NULL or parameter operand, could be NULL where the name is not, and break that).
   */
  static SqlCall opposite(SqlCall predicate, SqlIdentifier value, Function<SqlIdentifier, Scope.Ref> resolve) {
    NameComparison compared = nameComparison(predicate, resolve);
    if (compared == null) {
      return null;
    }
    if (predicate.getKind() == SqlKind.NOT_EQUALS) {
      SqlNode other = predicate.operand(0) == compared.dimension() ? predicate.operand(1) : predicate.operand(0);
      return SqlStdOperatorTable.EQUALS.createCall(SqlParserPos.ZERO, value, other.clone(SqlParserPos.ZERO));
    }
    if (predicate.getKind() == SqlKind.NOT_IN) {
      return SqlStdOperatorTable.IN.createCall(SqlParserPos.ZERO, value, predicate.operand(1).clone(SqlParserPos.ZERO));
    }
    return null;
  }

  /**
   * A dimension compared with strings: {@code dim = 'a'}, {@code dim <> 'a'}, {@code dim IN ('a', 'b')}, ...
   *
   * @param kind the comparison: the predicate's own, or {@code IN} for {@code = ANY (ARRAY[...])}
   *     and {@code NOT IN} for {@code <> ALL (ARRAY[...])}
   */
  record NameComparison(SqlIdentifier dimension, List<String> names, boolean list, SqlKind kind) {
  }

  private static final Set<SqlKind> COMPARISONS = EnumSet.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS,
      SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM);

  /**
   * The dimension and the strings of {@code =}, {@code <>}, {@code IS [NOT] DISTINCT FROM} with a
   * string, of {@code [NOT] IN} a list of strings, and of {@code = ANY} and {@code <> ALL} an array
   * of strings; null for anything else (a NULL, a parameter, an expression over the dimension).
   */
  static NameComparison nameComparison(SqlCall predicate, Function<SqlIdentifier, Scope.Ref> resolve) {
    SqlCall array = arrayOfValues(predicate);
    SqlKind kind = array == null ? predicate.getKind() : predicate.getKind() == SqlKind.SOME ? SqlKind.IN : SqlKind.NOT_IN;
    SqlNode dimension;
    List<SqlNode> values;
    if (COMPARISONS.contains(predicate.getKind()) && isDimension(predicate.operand(0), resolve)) {
      dimension = predicate.operand(0);
      values = List.of(predicate.operand(1));
    } else if (COMPARISONS.contains(predicate.getKind()) && isDimension(predicate.operand(1), resolve)) {
      dimension = predicate.operand(1);
      values = List.of(predicate.operand(0));
    } else if ((predicate.getKind() == SqlKind.IN || predicate.getKind() == SqlKind.NOT_IN)
        && isDimension(predicate.operand(0), resolve) && predicate.operand(1) instanceof SqlNodeList list) {
      dimension = predicate.operand(0);
      values = list.getList();
    } else if (array != null && isDimension(predicate.operand(0), resolve)) {
      dimension = predicate.operand(0);
      values = array.getOperandList();
    } else {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (SqlNode v : values) {
      if (!(v instanceof SqlCharStringLiteral literal)) {
        return null;
      }
      names.add(literal.getValueAs(String.class));
    }
    // An array arrives as a one-element list, so both kinds of list are told by the operand.
    return new NameComparison((SqlIdentifier) dimension, names, predicate.operand(1) instanceof SqlNodeList, kind);
  }

  /**
   * The {@code ARRAY[...]} of {@code x = ANY (ARRAY[...])} or {@code x <> ALL (ARRAY[...])}, an IN
   * or NOT IN list written as an array (the parser gives the array as a one-element list); null for
   * anything else.
   */
  private static SqlCall arrayOfValues(SqlCall predicate) {
    boolean quantified = predicate.getOperator() instanceof SqlQuantifyOperator q
        && (q.getKind() == SqlKind.SOME && q.comparisonKind == SqlKind.EQUALS
            || q.getKind() == SqlKind.ALL && q.comparisonKind == SqlKind.NOT_EQUALS);
    return quantified && predicate.operand(1) instanceof SqlNodeList list && list.size() == 1
        && list.get(0) instanceof SqlCall array && array.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR ? array : null;
  }

  /** {@code dim = 'a'} (or a parameter): at most one lookup row where names are unique. */
  static boolean isEquality(SqlCall predicate, Function<SqlIdentifier, Scope.Ref> resolve) {
    return predicate.getKind() == SqlKind.EQUALS
        && (isDimension(predicate.operand(0), resolve) && SqlTrees.isValue(predicate.operand(1))
            || isDimension(predicate.operand(1), resolve) && SqlTrees.isValue(predicate.operand(0)));
  }

  private static boolean isDimension(SqlNode node, Function<SqlIdentifier, Scope.Ref> resolve) {
    if (!(node instanceof SqlIdentifier id) || SqlTrees.isParameter(id)) {
      return false;
    }
    Scope.Ref ref = resolve.apply(id);
    return ref != null && ref.meaning().isDimension();
  }

  /**
   * Whether the predicate computes something from the dimension ({@code length(user_agent) > 10},
   * {@code lower(editor) = 'vim'}) rather than comparing it as it is: tested on the lookup, that is
   * computed over every lookup row, which the lookup's indexes (on the name, the id) do not answer.
   */
  static boolean computesFromName(SqlNode node, Function<SqlIdentifier, Scope.Ref> resolve) {
    if (!(node instanceof SqlCall call)) {
      return node instanceof SqlNodeList list && list.stream().anyMatch(n -> computesFromName(n, resolve));
    }
    for (SqlNode op : call.getOperandList()) {
      if (!isPredicate(call) && isDimension(op, resolve) || computesFromName(op, resolve)) {
        return true;
      }
    }
    return false;
  }

  /** A copy of the predicate reading {@code value}, the lookup's value column, where it read the dimension. */
  static SqlNode onName(SqlCall predicate, SqlNode value, Function<SqlIdentifier, Scope.Ref> resolve) {
    return replace(predicate.clone(SqlParserPos.ZERO), value, resolve);
  }

  private static SqlNode replace(SqlNode node, SqlNode value, Function<SqlIdentifier, Scope.Ref> resolve) {
    if (node instanceof SqlIdentifier) {
      return isDimension(node, resolve) ? value : node;
    }
    if (node instanceof SqlNodeList list) {
      for (int i = 0; i < list.size(); i++) {
        list.set(i, replace(list.get(i), value, resolve));
      }
      return list;
    }
    if (node instanceof SqlCall call) {
      for (int i = 0; i < call.operandCount(); i++) {
        SqlNode op = call.operand(i);
        if (op != null) {
          SqlNode r = replace(op, value, resolve);
          if (r != op) {
            call.setOperand(i, r);
          }
        }
      }
    }
    return node;
  }
}
