package io.cutover.shell.command;

import io.cutover.shell.catalog.CatalogReader;
import io.cutover.shell.catalog.NamePattern;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code \do [OPPTRN [TYPEPTRN [TYPEPTRN]]]}: operators, by name and argument types: two patterns
 * for the left and right arguments ({@code -}: none), one for a prefix operator's argument.
 */
final class ListOperatorsCommand extends CoreCommand {

  ListOperatorsCommand(Shell shell) {
    super(shell, Groups.INFORMATIONAL, "\\do [OPPTRN [TYPEPTRN [TYPEPTRN]]]", "list operators", "do");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws SQLException {
    List<String> words = arguments.words();
    NamePattern pattern = words.isEmpty() ? NamePattern.any() : NamePattern.parse(words.get(0));
    List<String> types = words.isEmpty() ? List.of() : words.subList(1, Math.min(3, words.size()));
    if (types.size() == 1) {
      // One type pattern names the right argument of a prefix operator, as psql reads it.
      types = List.of("-", types.get(0));
    }
    context.printer().table(new CatalogReader(context.connection()).operators(pattern, types));
    if (words.size() > 3) {
      ignoreExtraArguments(arguments, 3);
    }
  }
}
