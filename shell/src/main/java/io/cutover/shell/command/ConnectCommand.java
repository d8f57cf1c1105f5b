package io.cutover.shell.command;

import io.cutover.shell.connect.ConnectionResolver;
import io.cutover.shell.connect.ConnectionSettings;
import io.cutover.shell.connect.ConninfoParser;
import io.cutover.shell.connect.InvalidConninfoException;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code \c [DBNAME|- USER|- HOST|- PORT|-]} or {@code \c CONNINFO}: a new connection; what is
 * not given is kept from the current one. On failure the current connection stays.
 */
final class ConnectCommand extends CoreCommand {
  ConnectCommand(Shell shell) {
    super(shell, Groups.CONNECTION, "\\c [DBNAME|- USER|- HOST|- PORT|-] | CONNINFO",
        "connect to new database", "c", "connect");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    ConnectionSettings current = shell.session().settings();
    List<String> w = arguments.words();
    ConnectionSettings next;
    try {
      if (w.size() == 1 && (w.get(0).contains("=") || w.get(0).contains("://"))) {
        Map<String, String> given = new LinkedHashMap<>(ConninfoParser.parse(w.get(0)));
        next = new ConnectionResolver(shell.environment().variables(), shell.environment().home()).settings(given);
      } else {
        if (w.size() > 4) {
          throw new CommandException("too many arguments", "usage: " + usage());
        }
        next = current;
        boolean sameUser = true;
        if (w.size() > 0 && !w.get(0).equals("-")) {
          next = next.withDatabase(w.get(0));
        }
        if (w.size() > 1 && !w.get(1).equals("-")) {
          next = next.withUser(w.get(1));
          sameUser = w.get(1).equals(current.user());
        }
        if (w.size() > 2 && !w.get(2).equals("-")) {
          next = next.withHostPort(w.get(2), next.port());
        }
        if (w.size() > 3 && !w.get(3).equals("-")) {
          next = next.withHostPort(next.host(), parsePort(w.get(3)));
        }
        if (!sameUser) {
          next = next.withPassword(null);
        }
      }
      shell.connect(next);
    } catch (InvalidConninfoException e) {
      throw new CommandException(e.getMessage(), "usage: " + usage());
    } catch (SQLException e) {
      throw new CommandException("connection to server failed: " + e.getMessage(),
          "Previous connection kept: " + current.describe().replace("You are connected", "still connected"));
    }
    context.printer().info("You are now connected to database \"" + next.database() + "\" as user \""
        + next.user() + "\".");
  }

  private int parsePort(String text) throws CommandException {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new CommandException("invalid port number: \"" + text + "\"", "usage: " + usage());
    }
  }
}
