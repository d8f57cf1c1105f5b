package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;

/** {@code \conninfo}: where the session is connected. Never shows the password. */
final class ConninfoCommand extends CoreCommand {
  ConninfoCommand(Shell shell) {
    super(shell, Groups.CONNECTION, "\\conninfo", "display information about current connection", "conninfo");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) {
    context.printer().line(shell.session().settings().describe());
    shell.embedded().ifPresent(e -> context.printer().line("The server is the " + e.banner() + "."));
  }
}
