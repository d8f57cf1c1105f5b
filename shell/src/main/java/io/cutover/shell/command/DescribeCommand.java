package io.cutover.shell.command;

import io.cutover.shell.catalog.CatalogReader;
import io.cutover.shell.catalog.NamePattern;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.ArgumentKind;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.ResultTable;
import java.sql.SQLException;
import java.util.List;

/** {@code \d [PATTERN]}: without a pattern, lists relations; with one, describes each match. */
final class DescribeCommand extends CoreCommand {

  DescribeCommand(Shell shell) {
    super(shell, Groups.INFORMATIONAL, "\\d[+] [NAME]", "describe table, view, sequence, or index", "d", "d+");
  }

  /** Completion offers the catalog's tables. */
  @Override
  public ArgumentKind argumentKind(List<String> previous) {
    return ArgumentKind.TABLE;
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException, SQLException {
    if (arguments.words().size() > 1) {
      throw new CommandException("too many arguments", "usage: " + usage());
    }
    CatalogReader catalog = new CatalogReader(context.connection());
    if (arguments.isEmpty()) {
      ResultTable t = catalog.relations(List.of("r", "p", "v", "m", "S", "f"), NamePattern.any(),
          ListRelationsCommand.detail(shell, arguments));
      ListRelationsCommand.printOrSayNone(context, t, NamePattern.any(), "relations", arguments);
      return;
    }
    List<ResultTable> tables = catalog.describe(NamePattern.parse(arguments.words().get(0)),
        ListRelationsCommand.detail(shell, arguments));
    if (tables.isEmpty()) {
      throw new CommandException("Did not find any relation named \"" + arguments.words().get(0) + "\".",
          "\\dt lists the tables");
    }
    tables.forEach(context.printer()::table);
  }
}
