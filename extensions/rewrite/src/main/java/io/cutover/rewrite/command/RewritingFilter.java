package io.cutover.rewrite.command;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.plan.TrustedRewriter;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.SqlScript;
import io.cutover.shell.spi.StatementFilter;
import io.cutover.shell.spi.Variables;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * While {@code \cutover on}: every SELECT (or WITH) sent is rewritten first, with the dimensions
 * verified at that moment. Anything else, and anything not rewritten, goes as typed.
 */
final class RewritingFilter implements StatementFilter {

  private static final Set<String> READS = Set.of("SELECT", "WITH", "TABLE");

  private final DataSource pool;
  /** The session's: a \plan use after \cutover on takes effect at the next statement. */
  private final Variables variables;
  private final Printer printer;
  private final boolean force;
  private volatile Rewrite last;

  RewritingFilter(DataSource pool, Variables variables, Printer printer, boolean force) {
    this.pool = pool;
    this.variables = variables;
    this.printer = printer;
    this.force = force;
  }

  @Override
  public String filter(String sql) throws Exception {
    List<String> words = SqlScript.tokens(sql);
    if (words.isEmpty() || !READS.contains(words.get(0))) {
      return sql;
    }
    TrustedRewriter rewriter = TrustedRewriter.open(pool, variables, force);
    Rewrite r = rewriter.rewrite(sql.strip().replaceAll(";\\s*$", ""));
    last = r;
    String warning = rewriter.warning(sql);
    if (warning != null) {
      printer.warning(warning);
    }
    return r.rewritten() ? r.sql() : sql;
  }

  Rewrite last() {
    return last;
  }

  boolean isForced() {
    return force;
  }
}
