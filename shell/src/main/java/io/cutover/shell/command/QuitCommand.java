package io.cutover.shell.command;

import io.cutover.shell.run.ExitStatus;
import io.cutover.shell.run.Shell;
import io.cutover.shell.run.ShellExit;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;

final class QuitCommand extends CoreCommand {
  QuitCommand(Shell shell) {
    super(shell, Groups.GENERAL, "\\q", "quit cutover", "q", "quit");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) {
    throw new ShellExit(ExitStatus.OK);
  }
}
