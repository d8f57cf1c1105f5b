package io.cutover.rewrite.parse;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Parses PostgreSQL queries into Calcite's SqlNode tree and prints trees back as PostgreSQL.
 * Babel accepts most of PostgreSQL; names fold to lower case unless quoted, as PostgreSQL does.
 */
public final class PgParser {

  private static final SqlParser.Config CONFIG = SqlParser.config()
      .withParserFactory(SqlBabelParserImpl.FACTORY)
      .withConformance(SqlConformanceEnum.BABEL)
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.TO_LOWER)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(true);

  private PgParser() {
  }

  /** @throws SqlParseException with Calcite's message; the caller leaves the query as it is */
  public static SqlNode parse(String sql) throws SqlParseException {
    return SqlParser.create(sql, CONFIG).parseQuery();
  }

  /** One clause per line, names quoted only where PostgreSQL needs it ({@code $1} stays a parameter). */
  public static String print(SqlNode node) {
    return node.toSqlString(c -> c.withDialect(PgDialect.INSTANCE)
        .withQuoteAllIdentifiers(false)
        .withAlwaysUseParentheses(false)
        .withClauseStartsLine(true)
        .withClauseEndsLine(false)
        .withIndentation(2)
        .withSelectListItemsOnSeparateLines(false)).getSql();
  }
}
