package io.cutover.shell.command;

import io.cutover.shell.catalog.CatalogReader;
import io.cutover.shell.catalog.NamePattern;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import java.sql.SQLException;

final class ListDatabasesCommand extends CoreCommand {
  ListDatabasesCommand(Shell shell) {
    super(shell, Groups.INFORMATIONAL, "\\l [PATTERN]", "list databases", "l", "list");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws SQLException {
    NamePattern p = arguments.isEmpty() ? NamePattern.any() : NamePattern.parse(arguments.words().get(0));
    context.printer().table(new CatalogReader(context.connection()).databases(p));
  }
}
