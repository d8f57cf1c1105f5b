package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;

/** {@code \p}: show the query buffer, or the previous query when it is empty. */
final class PrintBufferCommand extends CoreCommand {
  PrintBufferCommand(Shell shell) {
    super(shell, Groups.QUERY_BUFFER, "\\p", "show the contents of the query buffer", "p", "print");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) {
    context.printer().line(context.queryBuffer().or(context::previousQuery).orElse("Query buffer is empty."));
  }
}
