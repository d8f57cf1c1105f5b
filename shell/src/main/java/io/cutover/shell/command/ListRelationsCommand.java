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

/** {@code \dt}, {@code \di}, {@code \dv}, {@code \ds}: relations of some kinds matching a pattern. */
final class ListRelationsCommand extends CoreCommand {

  private final List<String> relkinds;
  private final String noun;

  private ListRelationsCommand(Shell shell, String name, String noun, List<String> relkinds) {
    super(shell, Groups.INFORMATIONAL, "\\" + name + "[+] [PATTERN]", "list " + noun, name, name + "+");
    this.relkinds = relkinds;
    this.noun = noun;
  }

  static List<ListRelationsCommand> all(Shell shell) {
    return List.of(
        new ListRelationsCommand(shell, "dt", "tables", List.of("r", "p")),
        new ListRelationsCommand(shell, "di", "indexes", List.of("i", "I")),
        new ListRelationsCommand(shell, "dv", "views", List.of("v")),
        new ListRelationsCommand(shell, "dm", "materialized views", List.of("m")),
        new ListRelationsCommand(shell, "ds", "sequences", List.of("S")));
  }

  /** Completion offers the catalog's tables (the pattern is a name or its start). */
  @Override
  public ArgumentKind argumentKind(List<String> previous) {
    return ArgumentKind.TABLE;
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException, SQLException {
    if (arguments.words().size() > 1) {
      throw new CommandException("too many arguments", "usage: " + usage());
    }
    NamePattern pattern = arguments.isEmpty() ? NamePattern.any() : NamePattern.parse(arguments.words().get(0));
    ResultTable t = new CatalogReader(context.connection()).relations(relkinds, pattern, detail(shell, arguments));
    printOrSayNone(context, t, pattern, noun, arguments);
  }

  /** How much a describe command shows: {@code +} typed after its name, and psql's HIDE_ variables. */
  static CatalogReader.Detail detail(Shell shell, Arguments arguments) {
    return new CatalogReader.Detail(arguments.command().endsWith("+"), shell.variables().isOn("HIDE_TABLEAM"),
        shell.variables().isOn("HIDE_TOAST_COMPRESSION"));
  }

  static void printOrSayNone(CommandContext context, ResultTable t, NamePattern pattern, String noun,
                             Arguments arguments) {
    if (t.rows().isEmpty()) {
      if (arguments.isEmpty()) {
        context.printer().info("Did not find any " + noun + ".");
      } else {
        context.printer().info("Did not find any " + noun + " named \"" + arguments.words().get(0) + "\".");
      }
      return;
    }
    context.printer().table(t);
  }
}
