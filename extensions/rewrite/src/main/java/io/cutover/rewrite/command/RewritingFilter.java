package io.cutover.rewrite.command;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.plan.TrustedRewriter;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.SqlScript;
import io.cutover.shell.spi.StatementFilter;
import java.util.List;
import java.util.Set;

/**
 * While {@code \cutover on}: every SELECT (or WITH) sent is rewritten first, with the dimensions
 * verified at that moment. Anything else, and anything not rewritten, goes as typed.
 */
final class RewritingFilter implements StatementFilter {

  private static final Set<String> READS = Set.of("SELECT", "WITH", "TABLE");

  /**
   * The session's, read at each statement: its pool after a \c, its plan after a \plan use, its
   * search_path for the names of the query.
   */
  private final CommandContext session;
  private final boolean force;
  private volatile Rewrite last;

  RewritingFilter(CommandContext session, boolean force) {
    this.session = session;
    this.force = force;
  }

  @Override
  public String filter(String sql) throws Exception {
    List<String> words = SqlScript.tokens(sql);
    if (words.isEmpty() || !READS.contains(words.get(0))) {
      return sql;
    }
    TrustedRewriter rewriter = TrustedRewriter.open(session.pool(), session.variables(), force);
    Rewrite r = rewriter.rewrite(sql.strip().replaceAll(";\\s*$", ""), session.connection());
    last = r;
    String warning = rewriter.warning(sql);
    if (warning != null) {
      session.printer().warning(warning);
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
