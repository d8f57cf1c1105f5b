package io.cutover.shell.command;

import io.cutover.shell.catalog.CatalogReader;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * {@code \sf[+] FUNCNAME}: a function's definition as a CREATE statement; with {@code +}, the lines
 * of its body numbered from 1, as psql numbers them.
 */
final class FunctionSourceCommand extends CoreCommand {

  FunctionSourceCommand(Shell shell) {
    super(shell, Groups.INFORMATIONAL, "\\sf[+] FUNCNAME", "show a function's definition", "sf", "sf+");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException, SQLException {
    // psql takes the whole line as the name: a signature holds blanks and commas.
    String name = arguments.text();
    if (name.isEmpty()) {
      throw new CommandException("function name is required", "usage: " + usage());
    }
    String source = new CatalogReader(context.connection()).functionSource(name);
    String text = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
    if (!arguments.command().endsWith("+")) {
      context.printer().line(text);
      return;
    }
    boolean header = true;
    int number = 0;
    for (String line : text.split("\n", -1)) {
      // The body starts at the first line pg_get_functiondef begins with AS, BEGIN or RETURN.
      if (header && (line.startsWith("AS ") || line.startsWith("BEGIN ") || line.startsWith("RETURN "))) {
        header = false;
      }
      context.printer().line(header ? "        " + line : String.format(Locale.ROOT, "%-7d %s", ++number, line));
    }
  }
}
