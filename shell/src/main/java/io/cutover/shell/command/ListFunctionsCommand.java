package io.cutover.shell.command;

import io.cutover.shell.catalog.CatalogReader;
import io.cutover.shell.catalog.NamePattern;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code \df[anptw] [FUNCPTRN [TYPEPTRN ...]]}: functions, with their result and argument types;
 * the letters keep aggregates, normal functions, procedures, trigger functions or window functions,
 * each type pattern the argument at its place ({@code -}: no argument there).
 */
final class ListFunctionsCommand extends CoreCommand {

  ListFunctionsCommand(Shell shell) {
    super(shell, Groups.INFORMATIONAL, "\\df[anptw] [FUNCPTRN [TYPEPTRN ...]]", "list functions",
        "df", "dfa", "dfn", "dfp", "dft", "dfw");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws SQLException {
    List<String> kinds = new ArrayList<>();
    for (char k : arguments.command().substring(2).toCharArray()) {
      kinds.add(String.valueOf(k));
    }
    List<String> words = arguments.words();
    NamePattern pattern = words.isEmpty() ? NamePattern.any() : NamePattern.parse(words.get(0));
    List<String> types = words.isEmpty() ? List.of() : words.subList(1, words.size());
    context.printer().table(new CatalogReader(context.connection()).functions(kinds, pattern, types));
  }
}
