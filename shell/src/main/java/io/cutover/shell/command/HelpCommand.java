package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.MetaCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code \?}: every registered command by group, built from the registry, so extensions appear too. */
final class HelpCommand extends CoreCommand {

  private static final List<String> ORDER = List.of(Groups.GENERAL, Groups.QUERY_BUFFER, Groups.INPUT_OUTPUT,
      Groups.INFORMATIONAL, Groups.FORMATTING, Groups.CONNECTION, Groups.VARIABLES);

  HelpCommand(Shell shell) {
    super(shell, Groups.GENERAL, "\\? [COMMAND]", "show help on backslash commands", "?", "help");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    if (!arguments.isEmpty()) {
      String name = arguments.words().get(0).replaceFirst("^\\\\", "");
      MetaCommand c = shell.commands().find(name)
          .orElseThrow(() -> new CommandException("no command \\" + name, "\\? lists them all"));
      context.printer().line(c.help());
      return;
    }
    Map<String, List<MetaCommand>> groups = new LinkedHashMap<>();
    ORDER.forEach(g -> groups.put(g, new ArrayList<>()));
    for (MetaCommand c : shell.commands().all()) {
      groups.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c);
    }
    int width = 0;
    for (MetaCommand c : shell.commands().all()) {
      width = Math.max(width, c.usage().length());
    }
    width = Math.min(width, 40);
    StringBuilder out = new StringBuilder();
    for (var e : groups.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      out.append(e.getKey()).append('\n');
      for (MetaCommand c : e.getValue()) {
        String usage = c.usage();
        out.append("  ").append(usage);
        out.append(usage.length() < width ? " ".repeat(width - usage.length()) : "\n  " + " ".repeat(width));
        out.append(' ').append(c.summary()).append('\n');
      }
      out.append('\n');
    }
    context.printer().line(out.toString().stripTrailing());
  }
}
