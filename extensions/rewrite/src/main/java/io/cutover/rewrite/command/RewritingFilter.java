package io.cutover.rewrite.command;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.plan.TrustedRewriter;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.SqlScript;
import io.cutover.shell.spi.StatementFilter;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * While {@code \cutover on}: every SELECT (or WITH) sent is rewritten first, with the dimensions
 * verified at that moment. Anything else goes as typed; a read that goes as typed says why, once
 * for each text and reason, and is never failed by the preview (no plan chosen, a catalog read
 * failing: the user's query still runs).
 */
final class RewritingFilter implements StatementFilter {

  private static final Set<String> READS = Set.of("SELECT", "WITH", "TABLE");
  /** Reads already told why they ran as typed; the oldest forgotten past this many. */
  private static final int REMEMBERED = 1_000;

  /**
   * The session's, read at each statement: its pool after a \c, its plan after a \plan use, its
   * search_path for the names of the query.
   */
  private final CommandContext session;
  private final boolean force;
  private final Set<String> told = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  });
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
    String query = sql.strip().replaceAll(";\\s*$", "");
    TrustedRewriter rewriter;
    Rewrite r;
    try {
      rewriter = TrustedRewriter.open(session.pool(), session.variables(), force);
      r = rewriter.rewrite(query, session.connection());
    } catch (CommandException e) {
      last = Rewrite.unchanged(query, e.getMessage() + e.hint().map(h -> "; " + h).orElse(""));
      tellOnce(query, last.reason());
      return sql;
    } catch (SQLException e) {
      last = Rewrite.unchanged(query, "the plan could not be read: " + e.getMessage());
      tellOnce(query, last.reason());
      return sql;
    }
    last = r;
    String warning = rewriter.warning(sql);
    if (!r.rewritten()) {
      tellOnce(query, warning != null ? warning : r.reason());
    } else if (warning != null) {
      session.printer().warning(warning);
    }
    return r.rewritten() ? r.sql() : sql;
  }

  @Override
  public Optional<String> promptLabel() {
    return Optional.of(force ? "cutover --force" : "cutover");
  }

  /** Why a read runs as typed, once per query text and reason: a loop running one query must not repeat it. */
  private void tellOnce(String query, String reason) {
    if (told.add(reason + "\u0000" + query)) {
      session.printer().notice("run as typed: " + reason);
    }
  }

  Rewrite last() {
    return last;
  }
}
