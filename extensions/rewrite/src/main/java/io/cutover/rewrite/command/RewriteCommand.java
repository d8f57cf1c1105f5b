package io.cutover.rewrite.command;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.plan.TrustedRewriter;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import java.util.Locale;
import java.util.Set;

/** {@code \rewrite [--force] [QUERY]}: the query as it reads after the cutover, and what changed. */
public final class RewriteCommand extends ReadCutoverCommand {

  private static final String USAGE = "\\rewrite [--force] [QUERY]";

  public RewriteCommand() {
    super("rewrite", USAGE, "show QUERY (or the query buffer) rewritten to read FK columns and lookup tables");
  }

  @Override
  public void execute(CommandContext c, Arguments arguments) throws Exception {
    QueryArgument arg = QueryArgument.parse(c, arguments, Set.of(), Set.of("--force"), USAGE);
    String sql = arg.query(c, USAGE);
    TrustedRewriter rewriter = TrustedRewriter.open(c.pool(), c.variables(), arg.has("--force"));
    String warning = rewriter.warning(sql);
    if (warning != null) {
      c.printer().warning(warning);
    }
    long start = System.nanoTime();
    Rewrite r = rewriter.rewrite(sql, c.connection());
    double millis = (System.nanoTime() - start) / 1e6;
    print(c, r);
    if (c.isTiming()) {
      c.printer().line(String.format(Locale.ROOT, "Time: %.3f ms (rewrite)", millis));
    }
  }

  /** The rewritten SQL, then what changed as SQL comments, so the whole output can be pasted. */
  static void print(CommandContext c, Rewrite r) {
    c.printer().sql(r.sql() + ";");
    if (r.rewritten()) {
      r.changes().forEach(change -> comment(c, change));
    } else {
      comment(c, "left as it is: " + r.reason());
    }
  }

  /** Every line of {@code text} as an SQL comment: a name may hold a newline, and the output must still paste. */
  private static void comment(CommandContext c, String text) {
    text.lines().forEach(line -> c.printer().line("-- " + line));
  }
}
