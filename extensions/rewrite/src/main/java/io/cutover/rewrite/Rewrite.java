package io.cutover.rewrite;

import java.util.List;

/**
 * The outcome of rewriting one query.
 *
 * @param sql the rewritten query, or the original when it was not rewritten
 * @param ordered the query's ORDER BY covers every output column, so row order is part of its result
 * @param changes what changed, one line each
 * @param reason why it was not rewritten; null when it was
 */
public record Rewrite(String original, String sql, boolean rewritten, boolean ordered, List<String> changes,
    String reason) {

  /** A rewrite whose comparison failed on the server (its reason says how); counted as a difference. */
  public static Rewrite failed(Rewrite r, String error) {
    return new Rewrite(r.original(), r.sql(), r.rewritten(), r.ordered(), r.changes(), "failed: " + error);
  }

  public static Rewrite unchanged(String original, String reason) {
    return new Rewrite(original, original, false, false, List.of(), reason);
  }
}
