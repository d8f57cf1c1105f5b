package io.cutover.rewrite;

import java.util.List;

/**
 * The outcome of rewriting one query: rewritten, left unchanged for a reason the query gives, or
 * failed inside the rewrite (a defect of cutover; the original is what runs).
 */
public sealed interface Rewrite permits Rewrite.Rewritten, Rewrite.Unchanged, Rewrite.Failed {

  String original();

  /** The SQL to run: the rewrite, or the original when there is none. */
  String sql();

  /** Why it was not rewritten, or how running the rewrite failed; null for a rewrite that ran or has not run. */
  String reason();

  default boolean rewritten() {
    return this instanceof Rewritten;
  }

  /** The query's ORDER BY covers every output column, so row order is part of its result. */
  default boolean ordered() {
    return this instanceof Rewritten r && r.ordersAll();
  }

  /** What changed, one line each. */
  default List<String> changes() {
    return this instanceof Rewritten r ? r.notes() : List.of();
  }

  /**
   * @param runError how running the rewrite failed on the server (set by a comparison); null when it did not
   */
  record Rewritten(String original, String sql, boolean ordersAll, List<String> notes, String runError)
      implements Rewrite {
    @Override
    public String reason() {
      return runError == null ? null : "failed: " + runError;
    }
  }

  record Unchanged(String original, String reason) implements Rewrite {
    @Override
    public String sql() {
      return original;
    }
  }

  /** The rewrite met a shape it does not handle: a defect to report, never a property of the query. */
  record Failed(String original, String reason) implements Rewrite {
    @Override
    public String sql() {
      return original;
    }
  }

  /** A rewrite whose comparison failed on the server (its reason says how); counted as a difference. */
  static Rewrite failed(Rewrite r, String error) {
    if (r instanceof Rewritten w) {
      return new Rewritten(w.original(), w.sql(), w.ordersAll(), w.notes(), error);
    }
    return r instanceof Failed ? r : new Unchanged(r.original(), "failed: " + error);
  }

  static Rewrite unchanged(String original, String reason) {
    return new Unchanged(original, reason);
  }
}
