package io.cutover.rewrite.command;

import io.cutover.rewrite.plan.TrustedRewriter;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code \cutover on|off|show [--force]}: preview the application after the read cutover. While on,
 * every SELECT typed or run from a script is rewritten before it runs; {@code show} prints the
 * rewritten form of the last one.
 */
public final class CutoverCommand extends ReadCutoverCommand {

  private static final String USAGE = "\\cutover on|off|show [--force]";

  public CutoverCommand() {
    super("cutover", USAGE, "rewrite every SELECT before it runs (on), stop (off), show the last rewrite");
  }

  @Override
  public List<String> complete(List<String> previous) {
    return previous.isEmpty() ? List.of("on", "off", "show") : List.of("--force");
  }

  @Override
  public void execute(CommandContext c, Arguments arguments) throws Exception {
    var parsed = arguments.parse(Set.of(), Set.of("--force"), USAGE);
    if (parsed.positionals().size() != 1) {
      throw new CommandException("expected one of on, off, show", "Usage: " + USAGE);
    }
    Optional<RewritingFilter> current = c.statementFilter().filter(RewritingFilter.class::isInstance)
        .map(RewritingFilter.class::cast);
    switch (parsed.positionals().get(0)) {
      case "on" -> {
        boolean force = parsed.has("--force");
        TrustedRewriter rewriter = TrustedRewriter.open(c.pool(), c.variables(), force);
        c.setStatementFilter(new RewritingFilter(c, force));
        c.printer().info("Read cutover preview is on: every SELECT on " + rewriter.plan().table()
            + " now runs rewritten" + (force ? ", unverified dimensions included (--force)." : "."));
      }
      case "off" -> {
        if (current.isPresent()) {
          c.setStatementFilter(null);
        }
        c.printer().info("Read cutover preview is off: queries run as typed.");
      }
      case "show" -> {
        if (current.isEmpty()) {
          throw new CommandException("the read cutover preview is off", "Turn it on with \\cutover on.");
        }
        if (current.get().last() == null) {
          c.printer().info("No SELECT has run since \\cutover on.");
          return;
        }
        RewriteCommand.print(c, current.get().last());
      }
      default -> throw new CommandException(
          "expected one of on, off, show, not \"" + parsed.positionals().get(0) + "\"",
          "Usage: " + USAGE);
    }
  }
}
