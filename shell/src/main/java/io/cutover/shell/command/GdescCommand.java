package io.cutover.shell.command;

import io.cutover.shell.run.FailureReported;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;

/** {@code \gdesc}: the name and type of each column the query buffer would return, without running it. */
final class GdescCommand extends CoreCommand {

  GdescCommand(Shell shell) {
    super(shell, Groups.GENERAL, "\\gdesc", "describe result of query, without executing it", "gdesc");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    if (!shell.runner().describeSql(QueryBuffer.take(context))) {
      throw new FailureReported();
    }
  }
}
