package io.cutover.rewrite.lineage;

/** The query cannot be rewritten; the message says why in one line, and the query is left as it is. */
public final class NotRewritable extends Exception {

  public NotRewritable(String reason) {
    super(reason, null, false, false);
  }
}
