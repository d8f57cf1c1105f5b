package io.cutover.rewrite.lineage;

import java.util.List;
import java.util.function.Predicate;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** Questions about the identifiers an expression names, anywhere inside it (subqueries included). */
final class Identifiers {

  private Identifiers() {
  }

  /** A PostgreSQL parameter ({@code $1}): Calcite parses it as a simple identifier. */
  static boolean isParameter(SqlNode node) {
    return node instanceof SqlIdentifier id && id.isSimple() && id.getSimple().startsWith("$");
  }

  /** Whether any identifier in {@code node} (null: none) passes {@code test}. */
  static boolean any(SqlNode node, Predicate<SqlIdentifier> test) {
    if (node instanceof SqlIdentifier id) {
      return test.test(id);
    }
    Iterable<SqlNode> children = node instanceof SqlCall call ? call.getOperandList()
        : node instanceof SqlNodeList list ? list : List.of();
    for (SqlNode child : children) {
      if (child != null && any(child, test)) {
        return true;
      }
    }
    return false;
  }
}
