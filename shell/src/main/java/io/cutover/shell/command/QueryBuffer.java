package io.cutover.shell.command;

import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;

/** The query the {@code \g} family sends: the query buffer, or else the previous query, as psql repeats it. */
final class QueryBuffer {

  private QueryBuffer() {
  }

  static String take(CommandContext context) throws CommandException {
    return context.takeQueryBuffer().or(context::previousQuery)
        .orElseThrow(() -> new CommandException("no query to send", "type a query before the command"));
  }
}
