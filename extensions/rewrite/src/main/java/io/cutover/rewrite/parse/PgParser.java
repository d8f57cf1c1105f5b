package io.cutover.rewrite.parse;

import io.cutover.shell.spi.Quoting;
import io.cutover.shell.spi.SqlScript;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Parses PostgreSQL queries into Calcite's SqlNode tree and prints trees back as PostgreSQL.
 * Babel accepts most of PostgreSQL; names fold to lower case unless quoted, as PostgreSQL does.
 */
public final class PgParser {

  private static final SqlParser.Config CONFIG = SqlParser.config()
      .withParserFactory(SqlBabelParserImpl.FACTORY)
      .withConformance(SqlConformanceEnum.BABEL)
      .withQuoting(org.apache.calcite.avatica.util.Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.TO_LOWER)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(true);

  private PgParser() {
  }

  /**
   * @param sql as {@link FragmentProtector#protect} made it
   * @throws SqlParseException with a message saying why; the caller leaves the query as it is
   */
  public static SqlNode parse(String sql) throws SqlParseException {
    SqlNode parsed;
    try {
      parsed = SqlParser.create(sql, CONFIG).parseQuery();
    } catch (SqlParseException e) {
      // Calcite's parser recurses per parenthesis; its overflow comes without a message.
      if (e.getCause() instanceof StackOverflowError) {
        throw new SqlParseException("it nests parentheses or subqueries deeper than Calcite's parser can follow",
            SqlParserPos.ZERO, null, null, e);
      }
      throw e;
    }
    // An infix :: that the protector did not turn into CAST is one 1.42 may have bound to the wrong
    // operand (everything before it): rewriting it would change the rows.
    try {
      parsed.accept(NO_INFIX_CAST);
    } catch (IllegalArgumentException e) {
      throw new SqlParseException(e.getMessage(), SqlParserPos.ZERO, null, null, e);
    }
    OperatorPrecedence.keepParentheses(parsed, sql);
    return parsed;
  }

  private static final SqlBasicVisitor<Void> NO_INFIX_CAST = new SqlBasicVisitor<>() {
    @Override
    public Void visit(SqlCall call) {
      if (call.getOperator() == SqlLibraryOperators.INFIX_CAST) {
        throw new IllegalArgumentException("cutover cannot tell what a :: cast applies to; write CAST(expression AS type)");
      }
      return super.visit(call);
    }
  };

  /**
   * Undoes what Calcite adds that a person would not write: {@code BETWEEN ASYMMETRIC} (the
   * default) and the quotes the protector put around {@code time}-like column names. Works on
   * tokens, so no string literal is touched.
   */
  public static String tidy(String printed) {
    List<SqlScript.Token> tokens = SqlScript.lex(printed);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      SqlScript.Token t = tokens.get(i);
      String text = t.text(printed);
      if (t.kind() == SqlScript.TokenKind.WORD && text.equals("ASYMMETRIC") && i > 0
          && tokens.get(i - 1).text(printed).equals("BETWEEN")) {
        out.append(printed, copied, tokens.get(i - 1).end());
        copied = t.end();
      } else if (t.kind() == SqlScript.TokenKind.QUOTED_NAME
          && FragmentProtector.isQuotedReservedName(text.substring(1, text.length() - 1))) {
        out.append(printed, copied, t.start()).append(text, 1, text.length() - 1);
        copied = t.end();
      }
    }
    return out.append(printed.substring(copied)).toString();
  }

  /** One clause per line, names quoted only where PostgreSQL needs it ({@code $1} stays a parameter). */
  public static String print(SqlNode node) {
    node.accept(QUOTE_WHERE_NEEDED);
    return node.toSqlString(c -> c.withDialect(PgDialect.INSTANCE)
        .withQuoteAllIdentifiers(false)
        .withAlwaysUseParentheses(false)
        .withClauseStartsLine(true)
        .withClauseEndsLine(false)
        .withIndentation(2)
        .withSelectListItemsOnSeparateLines(false)).getSql();
  }

  /**
   * Marks each name that PostgreSQL reads as written only when quoted, as quoted: Calcite prints a
   * name bare unless the parser saw it quoted, and names the rewrite adds (from the plan and the
   * catalog: {@code "languageId"}, {@code "LanguageLookup"}) were never parsed. Function names are
   * not visited (they are the operator's, not operands), so {@code left(x, 2)} stays a call.
   */
  private static final SqlBasicVisitor<Void> QUOTE_WHERE_NEEDED = new SqlBasicVisitor<>() {
    @Override
    public Void visit(SqlIdentifier id) {
      List<SqlParserPos> positions = new ArrayList<>();
      for (int i = 0; i < id.names.size(); i++) {
        String name = id.names.get(i);
        // A parameter is a $n the parser read; a name the rewrite adds has no position, and a plan's
        // FK named "$1" must not be printed bare as one.
        boolean parameter = i == 0 && name.matches("\\$\\d+") && id.getComponentParserPosition(0).getLineNum() > 0;
        boolean quote = !name.isEmpty() && !parameter && Quoting.needsQuotes(name);
        positions.add(quote ? SqlParserPos.QUOTED_ZERO : id.getComponentParserPosition(i));
      }
      id.setNames(id.names, positions);
      return null;
    }
  };
}
