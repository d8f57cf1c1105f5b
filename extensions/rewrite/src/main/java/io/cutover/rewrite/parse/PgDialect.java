package io.cutover.rewrite.parse;

import io.cutover.shell.spi.Quoting;
import java.util.EnumSet;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;

/**
 * Calcite's PostgreSQL dialect, printing {@code LIMIT n OFFSET m} where 1.42 prints
 * {@code FETCH NEXT n ROWS ONLY} (CALCITE-6822 is still open): what a person would write; and
 * string literals as PostgreSQL reads them, where 1.42 prints {@code _UTF16'...'} for a literal
 * it read as {@code E''} or {@code U&''} and leaves backslashes bare; and a subscript of anything
 * but a name in parentheses, where 1.42 prints {@code ARRAY_AGG(x)[1]}, which PostgreSQL rejects; and
 * the operand of {@code IS [NOT] TRUE/FALSE} in parentheses when it is an operator's.
 */
final class PgDialect extends PostgresqlSqlDialect {

  static final PgDialect INSTANCE = new PgDialect();
  private static final Set<SqlKind> BOOLEAN_TESTS = EnumSet.of(SqlKind.IS_TRUE, SqlKind.IS_NOT_TRUE, SqlKind.IS_FALSE,
      SqlKind.IS_NOT_FALSE);
  private static final Set<SqlSyntax> FUNCTIONS = EnumSet.of(SqlSyntax.FUNCTION, SqlSyntax.FUNCTION_ID,
      SqlSyntax.FUNCTION_STAR);

  private PgDialect() {
    super(PostgresqlSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public void unparseOffsetFetch(SqlWriter writer, SqlNode offset, SqlNode fetch) {
    unparseFetchUsingLimit(writer, offset, fetch);
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    if (call.getKind() == SqlKind.COLLECTION_TABLE) {
      // A set-returning function in FROM stands bare in PostgreSQL, where TABLE(f(...)) is a syntax error.
      call.operand(0).unparse(writer, 0, 0);
      return;
    }
    if (BOOLEAN_TESTS.contains(call.getKind()) && call.operand(0) instanceof SqlCall operand
        && !FUNCTIONS.contains(operand.getOperator().getSyntax())) {
      // (a = 1) IS TRUE, where 1.42 prints a = 1 IS TRUE: PostgreSQL reads it the same (IS binds
      // less tightly than =), but a reader should not need the precedence table to see it.
      SqlWriter.Frame frame = writer.startList("(", ")");
      operand.unparse(writer, 0, 0);
      writer.endList(frame);
      writer.keyword(call.getOperator().getName());
      return;
    }
    if (call.getKind() != SqlKind.ITEM || call.operand(0) instanceof SqlIdentifier) {
      super.unparseCall(writer, call, leftPrec, rightPrec);
      return;
    }
    SqlWriter.Frame operand = writer.startList("(", ")");
    call.operand(0).unparse(writer, 0, 0);
    writer.endList(operand);
    SqlWriter.Frame subscript = writer.startList("[", "]");
    call.operand(1).unparse(writer, 0, 0);
    writer.endList(subscript);
  }

  @Override
  public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
    buf.append(Quoting.literal(val).strip());
  }

  @Override
  public void quoteStringLiteralUnicode(StringBuilder buf, String val) {
    buf.append(Quoting.literal(val).strip());
  }
}
