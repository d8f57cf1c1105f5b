package io.cutover.shell.command;

import io.cutover.shell.catalog.CatalogReader;
import io.cutover.shell.catalog.NamePattern;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import java.sql.SQLException;

/** {@code \dconfig[+] [PATTERN]}: configuration parameters, as psql 15 lists them. */
final class ListSettingsCommand extends CoreCommand {

  ListSettingsCommand(Shell shell) {
    super(shell, Groups.INFORMATIONAL, "\\dconfig[+] [PATTERN]", "list configuration parameters", "dconfig",
        "dconfig+");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws SQLException {
    NamePattern pattern = arguments.isEmpty() ? NamePattern.any() : NamePattern.parse(arguments.words().get(0));
    context.printer().table(new CatalogReader(context.connection())
        .settings(pattern, arguments.command().endsWith("+")));
    if (arguments.words().size() > 1) {
      ignoreExtraArguments(arguments, 1);
    }
  }
}
