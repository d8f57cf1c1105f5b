package io.cutover.shell.command;

import io.cutover.shell.render.Expanded;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;

/** {@code \x [on|off|auto]}. */
final class ExpandedCommand extends CoreCommand {
  ExpandedCommand(Shell shell) {
    super(shell, Groups.FORMATTING, "\\x [on|off|auto]", "toggle expanded output (currently off)", "x");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    Expanded next = parse(arguments, shell.printSettings().expanded(), usage());
    shell.setPrintSettings(shell.printSettings().with(b -> b.expanded = next));
    context.printer().info(message(next));
  }

  static Expanded parse(Arguments arguments, Expanded current, String usage) throws CommandException {
    if (!arguments.isEmpty() && arguments.words().get(0).equalsIgnoreCase("auto")) {
      return Expanded.AUTO;
    }
    return toggle(arguments, current == Expanded.ON, usage) ? Expanded.ON : Expanded.OFF;
  }

  static String message(Expanded e) {
    return switch (e) {
      case ON -> "Expanded display is on.";
      case OFF -> "Expanded display is off.";
      case AUTO -> "Expanded display is used automatically.";
    };
  }
}
