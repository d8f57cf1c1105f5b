package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;

final class UnsetCommand extends CoreCommand {
  UnsetCommand(Shell shell) {
    super(shell, Groups.VARIABLES, "\\unset NAME", "unset (delete) internal variable", "unset");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    if (arguments.words().size() != 1) {
      throw new CommandException("missing required argument", "usage: " + usage());
    }
    shell.variables().remove(arguments.words().get(0));
  }
}
