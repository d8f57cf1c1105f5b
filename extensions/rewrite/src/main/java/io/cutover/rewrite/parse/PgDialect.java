package io.cutover.rewrite.parse;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;

/**
 * Calcite's PostgreSQL dialect, printing {@code LIMIT n OFFSET m} where 1.42 prints
 * {@code FETCH NEXT n ROWS ONLY} (CALCITE-6822 is still open): what a person would write.
 */
final class PgDialect extends PostgresqlSqlDialect {

  static final PgDialect INSTANCE = new PgDialect();

  private PgDialect() {
    super(PostgresqlSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public void unparseOffsetFetch(SqlWriter writer, SqlNode offset, SqlNode fetch) {
    unparseFetchUsingLimit(writer, offset, fetch);
  }
}
