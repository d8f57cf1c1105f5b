package io.cutover.rewrite.parse;

import io.cutover.shell.spi.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Keeps the parentheses PostgreSQL needs where Calcite's operator precedence is not PostgreSQL's.
 * In PostgreSQL unary minus binds tightest, then {@code ^} (power; Calcite reads it as XOR, looser
 * than {@code *}), then {@code * / %}, then {@code + -}, then every other operator ({@code ||},
 * {@code &}, which Calcite binds tighter than {@code +}); all left-associative. Calcite prints
 * {@code (2 * 3) ^ 2} as {@code 2 * 3 ^ 2} (18, not 36): an operand the query put in parentheses
 * that PostgreSQL needs and Calcite would drop is marked to be printed in them. An operand without
 * them Calcite grouped its own way, and printed bare it reads again as the query wrote it.
 */
final class OperatorPrecedence {

  /** PostgreSQL's levels for the operators both read (higher binds tighter). */
  private static final Map<SqlKind, Integer> LEVELS = Map.of(SqlKind.MINUS_PREFIX, 7, SqlKind.PLUS_PREFIX, 7,
      SqlKind.TIMES, 5, SqlKind.DIVIDE, 5, SqlKind.MOD, 5, SqlKind.PLUS, 4, SqlKind.MINUS, 4, SqlKind.BITAND, 3);

  /** An operand printed in parentheses, whatever the precedences say. */
  private static final SqlSpecialOperator PARENTHESES = new SqlSpecialOperator("PARENTHESES", SqlKind.OTHER, 200) {
    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      call.operand(0).unparse(writer, 0, 0);
      writer.endList(frame);
    }
  };

  private OperatorPrecedence() {
  }

  private static int level(SqlOperator op) {
    return switch (op.getName()) {
      case "^" -> 6;
      case "||" -> 3;
      default -> LEVELS.getOrDefault(op.getKind(), -1);
    };
  }

  /** Whether PostgreSQL reads operand {@code side} of {@code call} as a whole only in parentheses, and Calcite prints it bare. */
  private static boolean loses(SqlCall call, int side) {
    if (!(call.getOperator() instanceof SqlBinaryOperator outer) || !(call.operand(side) instanceof SqlCall operand)
        || level(outer) < 0 || level(operand.getOperator()) < 0) {
      return false;
    }
    SqlOperator inner = operand.getOperator();
    boolean postgres = side == 0 ? level(inner) < level(outer) : level(inner) <= level(outer);
    boolean calcite = side == 0 ? inner.getRightPrec() <= outer.getLeftPrec() : outer.getRightPrec() > inner.getLeftPrec();
    return postgres && !calcite;
  }

  /** @param text the query Calcite parsed into {@code parsed}, for the parentheses it read */
  static void keepParentheses(SqlNode parsed, String text) {
    List<Integer> lineStarts = new ArrayList<>(List.of(0));
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lineStarts.add(i + 1);
      }
    }
    parsed.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        super.visit(call);
        for (int side = 0; side < 2 && side < call.operandCount(); side++) {
          SqlNode operand = call.operand(side);
          if (loses(call, side) && parenthesized(text, lineStarts, operand.getParserPosition())) {
            call.setOperand(side, PARENTHESES.createCall(operand.getParserPosition(), operand));
          }
        }
        return null;
      }
    });
  }

  /** Whether the text at {@code pos} is one parenthesized whole, as {@code (2 * 3)}. */
  private static boolean parenthesized(String text, List<Integer> lineStarts, SqlParserPos pos) {
    if (pos.getLineNum() < 1 || pos.getLineNum() > lineStarts.size() || pos.getEndLineNum() > lineStarts.size()) {
      return false;
    }
    int start = lineStarts.get(pos.getLineNum() - 1) + pos.getColumnNum() - 1;
    int end = lineStarts.get(pos.getEndLineNum() - 1) + pos.getEndColumnNum();
    if (start < 0 || end > text.length() || start >= end) {
      return false;
    }
    String part = text.substring(start, end);
    List<SqlScript.Token> tokens = SqlScript.lex(part);
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i).text(part);
      depth += t.equals("(") ? 1 : t.equals(")") ? -1 : 0;
      if (depth == 0) {
        return i == tokens.size() - 1 && i > 0 && tokens.get(0).text(part).equals("(");
      }
    }
    return false;
  }
}
