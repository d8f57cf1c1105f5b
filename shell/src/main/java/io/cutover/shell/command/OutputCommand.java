package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.ArgumentKind;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.io.IOException;

/** {@code \o [FILE|'|'COMMAND]}: send query results to a file or a command, or back to standard output. */
final class OutputCommand extends CoreCommand {
  OutputCommand(Shell shell) {
    super(shell, Groups.INPUT_OUTPUT, "\\o [FILE]", "send all query results to file or |pipe", "o", "out");
  }

  /** Completion offers file names. */
  @Override
  public ArgumentKind argumentKind(java.util.List<String> previous) {
    return ArgumentKind.FILE;
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    if (arguments.isEmpty()) {
      try {
        shell.redirectOutput(null);
      } catch (IOException e) {
        throw new CommandException(e.getMessage());
      }
      return;
    }
    OutputTarget target = OutputTarget.of(arguments.text(), arguments.words());
    if (target.file() != null && arguments.words().size() > 1) {
      throw new CommandException("too many arguments", "usage: " + usage());
    }
    try {
      target.open(shell, context);
    } catch (IOException e) {
      throw new CommandException(target.name() + ": " + e.getMessage(),
          "check that the directory exists and is writable, or that the command can run");
    }
  }
}
