package io.cutover.shell.command;

import io.cutover.shell.catalog.CatalogReader;
import io.cutover.shell.catalog.NamePattern;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.sql.SQLException;

/** {@code \df [PATTERN]}: functions, with their result and argument types. */
final class ListFunctionsCommand extends CoreCommand {

  ListFunctionsCommand(Shell shell) {
    super(shell, Groups.INFORMATIONAL, "\\df [PATTERN]", "list functions", "df");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException, SQLException {
    if (arguments.words().size() > 1) {
      throw new CommandException("argument types are not supported yet", "\\df NAME lists every signature of NAME");
    }
    NamePattern pattern = arguments.isEmpty() ? NamePattern.any() : NamePattern.parse(arguments.words().get(0));
    context.printer().table(new CatalogReader(context.connection()).functions(pattern));
  }
}
