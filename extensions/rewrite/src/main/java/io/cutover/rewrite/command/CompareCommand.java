package io.cutover.rewrite.command;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.compare.Comparison;
import io.cutover.rewrite.compare.ComparisonReport;
import io.cutover.rewrite.compare.Repetitions;
import io.cutover.rewrite.compare.SessionSearchPath;
import io.cutover.rewrite.plan.RowLayout;
import io.cutover.rewrite.plan.TrustedRewriter;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.SqlScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code \compare [--runs N] [--explain] [--force] [QUERY]} and {@code \compare -f FILE}: runs the
 * original and the rewritten query on the live database (read-only), checks that they return
 * the same rows, and reports both times. A difference is an error, so ON_ERROR_STOP stops there.
 */
public final class CompareCommand extends ReadCutoverCommand {

  private static final String USAGE = "\\compare [--runs N] [--explain] [--force] [QUERY | -f FILE]";
  /** A rewrite slower than this (the read cutover's bound) gets what the row layout tells about it. */
  private static final double SLOWER_WORTH_EXPLAINING = 1.2;

  public CompareCommand() {
    super("compare", USAGE,
        "run QUERY and its rewrite, check equal results, compare times (-f: every query of a file)");
  }

  @Override
  public void execute(CommandContext c, Arguments arguments) throws Exception {
    QueryArgument arg = QueryArgument.parse(c, arguments, Set.of("--runs", "-f"), Set.of("--explain", "--force"), USAGE);
    Repetitions runs = arg.intOption("--runs", USAGE).map(Repetitions::exactly).orElse(Repetitions.DEFAULT);
    TrustedRewriter rewriter = TrustedRewriter.open(c.pool(), c.variables(), arg.has("--force"));
    if (arg.option("-f").isPresent()) {
      compareFile(c, rewriter, c.resolvePath(arg.option("-f").get()), runs);
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
    try (Connection conn = c.pool().getConnection();
         SessionSearchPath path = SessionSearchPath.lend(c.connection(), conn)) {
      result = Comparison.run(conn, r, runs);
      if (arg.has("--explain")) {
        c.printer().table(ComparisonReport.plans(conn, r));
      }
      if (arg.has("--explain") || result.ratio() > SLOWER_WORTH_EXPLAINING) {
        layout = RowLayout.note(conn, rewriter.plan());
      }
    }
    ComparisonReport.single(c.printer(), result);
    layout.ifPresent(c.printer()::info);
    if (!result.diff().equal()) {
      c.printer().table(ComparisonReport.differingRows(result));
      throw new CommandException("the rewritten query returns other results: " + result.summary(),
          "\\rewrite shows what changed; \\progress --exact shows whether the FKs match the strings.");
    }
  }

  private static void compareFile(CommandContext c, TrustedRewriter rewriter, Path file, Repetitions runs)
      throws Exception {
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
    boolean slower = false;
    Optional<String> layout = Optional.empty();
    try (Connection conn = c.pool().getConnection();
         SessionSearchPath path = SessionSearchPath.lend(c.connection(), conn)) {
      for (SqlScript.Statement s : statements) {
        c.cancellation().throwIfCancelled();
        Rewrite r = rewriter.rewrite(s.sql(), c.connection());
        if (!r.rewritten() || QueryArgument.hasParameters(s.sql())) {
          lines.add(new ComparisonReport.Line(s, r, null));
          continue;
        }
        try {
          Comparison result = Comparison.run(conn, r, runs);
          differing += result.diff().equal() ? 0 : 1;
          slower |= result.ratio() > SLOWER_WORTH_EXPLAINING;
          lines.add(new ComparisonReport.Line(s, r, result));
        } catch (SQLException e) {
          differing++;
          lines.add(new ComparisonReport.Line(s, Rewrite.failed(r, e.getMessage()), null));
        }
      }
      if (slower) {
        layout = RowLayout.note(conn, rewriter.plan());
      }
    }
    c.printer().table(ComparisonReport.summary(lines, c.printer().format()));
    layout.ifPresent(c.printer()::info);
    if (differing > 0) {
      throw new CommandException(differing + " of " + statements.size() + " queries return other results when rewritten",
          "Run \\compare on each to see the differing rows.");
    }
  }
}
