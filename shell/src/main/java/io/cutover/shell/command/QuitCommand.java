package io.cutover.shell.command;

import io.cutover.shell.run.ExitStatus;
import io.cutover.shell.run.Shell;
import io.cutover.shell.run.ShellExit;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;

final class QuitCommand extends CoreCommand {
  QuitCommand(Shell shell) {
    super(shell, Groups.GENERAL, "\\q", "quit cutover", "q", "quit");
  }

  /**
   * At the prompt, leaving would cut off background work, so it asks first. In a script, and with
   * {@code --yes} (which must never stop work unasked), the shell waits for it as it leaves.
   */
  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    if (context.isInteractive() && !shell.isAssumeYes() && !shell.background().isEmpty()) {
      context.confirm("Background work is running: " + shell.background().describe() + ". Stop it and quit?", "yes");
      shell.background().stopAll(shell.err());
    }
    throw new ShellExit(ExitStatus.OK);
  }
}
