package io.cutover.shell.command;

import io.cutover.shell.run.BareError;
import io.cutover.shell.run.FailureReported;
import io.cutover.shell.run.Shell;
import io.cutover.shell.run.ShellVariables;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.ResultTable;
import java.util.List;

/** {@code \gset [PREFIX]}: sends the query buffer and stores its one row in variables named by its columns. */
final class GsetCommand extends CoreCommand {

  GsetCommand(Shell shell) {
    super(shell, Groups.GENERAL, "\\gset [PREFIX]", "execute query and store result in psql variables", "gset");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    String sql = QueryBuffer.take(context);
    String prefix = arguments.words().isEmpty() ? "" : arguments.words().get(0);
    if (!shell.runner().runSql(sql, table -> store(table, prefix))) {
      throw new FailureReported();
    }
  }

  /** psql's messages, which scripts may match. */
  private void store(ResultTable table, String prefix) throws CommandException {
    if (table.rows().isEmpty()) {
      throw new BareError("no rows returned for \\gset");
    }
    if (table.rows().size() > 1) {
      throw new BareError("more than one row returned for \\gset");
    }
    List<String> row = table.rows().get(0);
    for (int i = 0; i < row.size(); i++) {
      String name = prefix + table.columns().get(i).name();
      if (!ShellVariables.isValidName(name)) {
        throw new BareError("invalid variable name: \"" + name + "\"");
      }
      if (ShellVariables.isSpecial(name)) {
        shell.err().println("attempt to \\gset into specially treated variable \"" + name + "\" ignored");
      } else if (row.get(i) == null) {
        shell.variables().unset(name);
      } else {
        shell.variables().set(name, row.get(i));
      }
    }
  }
}
