package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;

/** {@code \r}: forget what was typed and not sent. */
final class ResetBufferCommand extends CoreCommand {
  ResetBufferCommand(Shell shell) {
    super(shell, Groups.QUERY_BUFFER, "\\r", "reset (clear) the query buffer", "r", "reset");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) {
    context.takeQueryBuffer();
    context.printer().info("Query buffer reset (cleared).");
  }
}
