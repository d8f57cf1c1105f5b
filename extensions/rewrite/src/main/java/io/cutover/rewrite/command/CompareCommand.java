package io.cutover.rewrite.command;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.compare.Comparison;
import io.cutover.rewrite.compare.ComparisonReport;
import io.cutover.rewrite.compare.Repetitions;
import io.cutover.rewrite.compare.SessionReadOnly;
import io.cutover.rewrite.compare.Slowdown;
import io.cutover.rewrite.plan.RowLayout;
import io.cutover.rewrite.plan.TableIndexes;
import io.cutover.rewrite.plan.TrustedRewriter;
import io.cutover.shell.spi.ArgumentKind;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.SqlScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code \compare [--runs N] [--explain] [--force] [QUERY]} and {@code \compare -f FILE}: runs the
 * original and the rewritten query on the live database (read-only), checks that they return
 * the same rows, and reports both times. A difference is an error, so ON_ERROR_STOP stops there. A
 * rewrite slower than {@value #SLOWER_WORTH_EXPLAINING}x its original is told with its cause
 * ({@link Slowdown}) and what would fix it.
 */
public final class CompareCommand extends ReadCutoverCommand {

  private static final String USAGE = "\\compare [--runs N] [--explain] [--force] [QUERY | -f FILE]";
  /** A rewrite slower than this (the read cutover's bound) gets what the row layout tells about it. */
  private static final double SLOWER_WORTH_EXPLAINING = 1.2;
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  public CompareCommand() {
    super("compare", USAGE,
        "run QUERY and its rewrite, check equal results, compare times (-f: every query of a file)");
  }

  /** {@code -f FILE}: completion offers file names. */
  @Override
  public ArgumentKind argumentKind(List<String> previous) {
    return !previous.isEmpty() && previous.get(previous.size() - 1).equals("-f") ? ArgumentKind.FILE : ArgumentKind.OTHER;
  }

  @Override
  public void execute(CommandContext c, Arguments arguments) throws Exception {
    QueryArgument arg = QueryArgument.parse(c, arguments, Set.of("--runs", "-f"), Set.of("--explain", "--force"), USAGE);
    Repetitions runs = arg.intOption("--runs", USAGE).map(Repetitions::exactly).orElse(Repetitions.DEFAULT);
    SessionReadOnly.refuseAborted(c.connection());
    TrustedRewriter rewriter = TrustedRewriter.open(c.pool(), c.variables(), arg.has("--force"));
    if (arg.option("-f").isPresent()) {
      compareFile(c, rewriter, c.resolvePath(arg.option("-f").get()), runs, arg.has("--explain"));
      return;
    }
    String sql = arg.query(c, USAGE);
    String warning = rewriter.warning(sql);
    if (warning != null) {
      c.printer().warning(warning);
    }
    Rewrite r = rewriter.rewrite(sql, c.connection());
    if (!r.rewritten()) {
      c.printer().info("Not rewritten (" + r.reason() + "): nothing to compare.");
      return;
    }
    if (QueryArgument.hasParameters(sql)) {
      throw new CommandException("the query has bind parameters ($1, ?), so it cannot run here",
          "Put literal values in their place to compare.");
    }
    Comparison result;
    Optional<String> layout = Optional.empty();
    Optional<Slowdown> slowdown = Optional.empty();
    try (SessionReadOnly session = SessionReadOnly.enter(c.connection(), c.cancellation())) {
      try {
        result = session.attempt(conn -> Comparison.run(conn, r, runs));
      } catch (Comparison.Failed e) {
        // Ctrl-C cancelled the running query: that is the user's doing, not the query's failure.
        c.cancellation().throwIfCancelled();
        throw e.side() == Comparison.Side.ORIGINAL ? e.server() : rewriteFailed(e);
      }
      if (arg.has("--explain")) {
        c.printer().table(session.attempt(conn -> ComparisonReport.plans(conn, r)));
      }
      if (arg.has("--explain") || result.ratio() > SLOWER_WORTH_EXPLAINING) {
        layout = session.attempt(conn -> RowLayout.note(conn, rewriter.plan()));
        Optional<String> note = layout;
        slowdown = worthTelling(session.attempt(conn -> Slowdown.diagnose(conn, r,
            TableIndexes.read(conn, rewriter.plan()), note)), result);
      }
    }
    ComparisonReport.single(c.printer(), result);
    layout.ifPresent(c.printer()::info);
    slowdown.ifPresent(d -> c.printer().line(d.describe()));
    if (!result.diff().equal()) {
      c.printer().table(ComparisonReport.differingRows(result));
      throw new CommandException("the rewritten query returns other results: " + result.summary(),
          "\\rewrite shows what changed; \\progress --exact shows whether the FKs match the strings.");
    }
  }

  /**
   * The rewrite failed where its original ran: the application would meet this error after the read
   * cutover. The server's error is kept as the cause (a lost connection is seen as one by the shell).
   */
  private static CommandException rewriteFailed(Comparison.Failed e) {
    String hint = INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())
        ? "The session's role must read the lookup tables too: GRANT SELECT ON them to it (\\rewrite shows which it reads)."
        : "\\rewrite shows the rewritten SQL; a rewrite the server refuses is a defect of cutover: report the query.";
    return new CommandException("the rewritten query failed where the original ran: " + e.primaryMessage(), hint,
        e.server());
  }

  /**
   * A slowdown to tell: every one over the bound; under it (asked with --explain), only a lost index
   * path or a plan change, which a larger table would make slower.
   */
  private static Optional<Slowdown> worthTelling(Slowdown d, Comparison result) {
    boolean changed = d.kind() == Slowdown.Kind.LOST_INDEX_PATH || d.kind() == Slowdown.Kind.PLAN_CHANGE;
    return result.ratio() > SLOWER_WORTH_EXPLAINING || changed ? Optional.of(d) : Optional.empty();
  }

  /** With {@code explain}, a plan change is told for every query, not only for those over the bound. */
  private static void compareFile(CommandContext c, TrustedRewriter rewriter, Path file, Repetitions runs,
      boolean explain) throws Exception {
    String script;
    try {
      script = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new CommandException(file + ": No such file or directory");
    } catch (IOException e) {
      throw new CommandException(file + ": " + e.getMessage());
    }
    List<SqlScript.Statement> statements;
    try {
      statements = SqlScript.split(script);
    } catch (IllegalArgumentException e) {
      throw new CommandException(file + ": " + e.getMessage());
    }
    List<ComparisonReport.Line> lines = new ArrayList<>();
    int differing = 0;
    int failed = 0;
    Optional<String> layout;
    try (SessionReadOnly session = SessionReadOnly.enter(c.connection(), c.cancellation());
         FileProgress progress = FileProgress.start(c, "compare " + file.getFileName(), statements.size())) {
      layout = session.attempt(conn -> RowLayout.note(conn, rewriter.plan()));
      TableIndexes indexes = session.attempt(conn -> TableIndexes.read(conn, rewriter.plan()));
      for (int i = 0; i < statements.size(); i++) {
        SqlScript.Statement s = statements.get(i);
        c.cancellation().throwIfCancelled();
        progress.running(i, s.line());
        Rewrite r = rewriter.rewrite(s.sql(), c.connection());
        if (!r.rewritten() || QueryArgument.hasParameters(s.sql())) {
          lines.add(new ComparisonReport.Line(s, r, null, null));
          progress.ended(i + 1, s.line(), r.rewritten() ? "has parameters, not run" : "not rewritten");
          continue;
        }
        Comparison result;
        try {
          result = session.attempt(conn -> Comparison.run(conn, r, runs));
        } catch (Comparison.Failed e) {
          c.cancellation().throwIfCancelled();
          failed++;
          String how = (e.side() == Comparison.Side.ORIGINAL ? "the original failed: " : "") + e.primaryMessage();
          lines.add(new ComparisonReport.Line(s, Rewrite.failed(r, how), null, null));
          progress.ended(i + 1, s.line(), "failed");
          continue;
        }
        differing += result.diff().equal() ? 0 : 1;
        Optional<Slowdown> slowdown = explain || result.ratio() > SLOWER_WORTH_EXPLAINING
            ? worthTelling(session.attempt(conn -> Slowdown.diagnose(conn, r, indexes, layout)), result)
            : Optional.empty();
        lines.add(new ComparisonReport.Line(s, r, result, slowdown.orElse(null)));
        progress.ended(i + 1, s.line(), (result.diff().equal() ? "equal, " : "other results, ")
            + String.format(Locale.ROOT, "%.2fx", result.ratio()));
      }
    }
    boolean machine = c.printer().format().equals("json") || c.printer().format().equals("csv");
    c.printer().table(ComparisonReport.summary(lines, c.printer().format()));
    if (!machine) {
      ComparisonReport.slowdowns(lines, SLOWER_WORTH_EXPLAINING).forEach(c.printer()::line);
      if (lines.stream().anyMatch(l -> l.slowdown() != null && l.slowdown().kind() == Slowdown.Kind.COLUMN_POSITION)) {
        layout.ifPresent(c.printer()::info);
      }
    }
    if (differing > 0 || failed > 0) {
      List<String> wrong = new ArrayList<>();
      if (differing > 0) {
        wrong.add(differing + " of " + statements.size() + " queries return other results when rewritten");
      }
      if (failed > 0) {
        wrong.add(failed + " of " + statements.size() + " failed when run (the rewritten column says how)");
      }
      throw new CommandException(String.join("; ", wrong),
          "Run \\compare on each to see the differing rows or the whole error.");
    }
  }
}
