package io.cutover.shell.command;

import io.cutover.shell.run.FailureReported;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.io.IOException;

/** {@code \g [FILE]}: send the query buffer (or repeat the previous query), optionally into a file. */
final class GoCommand extends CoreCommand {
  GoCommand(Shell shell) {
    super(shell, Groups.GENERAL, "\\g [FILE]", "execute query (and send result to file)", "g");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    String sql = context.takeQueryBuffer().or(context::previousQuery)
        .orElseThrow(() -> new CommandException("no query to send", "type a query before \\g"));
    if (arguments.words().size() > 1) {
      throw new CommandException("too many arguments", "usage: " + usage());
    }
    boolean ok;
    if (arguments.isEmpty()) {
      ok = shell.runner().runSql(sql);
    } else {
      try {
        shell.redirectOutput(context.resolvePath(arguments.words().get(0)));
        ok = shell.runner().runSql(sql);
      } catch (IOException e) {
        throw new CommandException(arguments.words().get(0) + ": " + e.getMessage());
      } finally {
        try {
          shell.redirectOutput(null);
        } catch (IOException e) {
          context.printer().warning("could not restore standard output: " + e.getMessage());
        }
      }
    }
    if (!ok) {
      throw new FailureReported();
    }
  }
}
