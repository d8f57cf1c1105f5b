package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.io.IOException;

/** {@code \o [FILE]}: send query results to a file, or back to standard output. */
final class OutputCommand extends CoreCommand {
  OutputCommand(Shell shell) {
    super(shell, Groups.INPUT_OUTPUT, "\\o [FILE]", "send all query results to file", "o", "out");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    if (arguments.words().size() > 1) {
      throw new CommandException("too many arguments", "usage: " + usage());
    }
    try {
      shell.redirectOutput(arguments.isEmpty() ? null : context.resolvePath(arguments.words().get(0)));
    } catch (IOException e) {
      throw new CommandException(arguments.words().get(0) + ": " + e.getMessage(),
          "check that the directory exists and is writable");
    }
  }
}
