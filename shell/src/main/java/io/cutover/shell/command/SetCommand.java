package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;

/** {@code \set [NAME [VALUE]]}: lists variables, or sets one (values are concatenated, as psql does). */
final class SetCommand extends CoreCommand {
  SetCommand(Shell shell) {
    super(shell, Groups.VARIABLES, "\\set [NAME [VALUE]]", "set internal variable, or list all if no parameters",
        "set");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    var words = arguments.words();
    if (words.isEmpty()) {
      shell.variables().all().forEach((k, v) -> context.printer().line(k + " = '" + v.replace("'", "\\'") + "'"));
      return;
    }
    shell.variables().assign(words.get(0), String.join("", words.subList(1, words.size())));
  }
}
