package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;

final class TimingCommand extends CoreCommand {
  TimingCommand(Shell shell) {
    super(shell, Groups.GENERAL, "\\timing [on|off]", "toggle timing of commands (currently off)", "timing");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    shell.setTiming(toggle(arguments, shell.isTiming(), usage()));
    context.printer().info("Timing is " + (shell.isTiming() ? "on." : "off."));
  }
}
