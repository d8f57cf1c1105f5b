package io.cutover.shell.command;

import io.cutover.shell.run.FailureReported;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.ResultTable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code \gexec}: sends the query buffer, then runs each value of its result as a statement,
 * row by row, left to right, skipping nulls; ON_ERROR_STOP ends it at the first failure.
 */
final class GexecCommand extends CoreCommand {

  GexecCommand(Shell shell) {
    super(shell, Groups.GENERAL, "\\gexec", "execute query, then execute each value in its result", "gexec");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    String sql = QueryBuffer.take(context);
    List<ResultTable> results = new ArrayList<>();
    if (!shell.runner().runSql(sql, results::add)) {
      throw new FailureReported();
    }
    boolean failed = false;
    for (ResultTable table : results) {
      for (List<String> row : table.rows()) {
        for (String value : row) {
          if (value == null) {
            continue;
          }
          if (shell.variables().echo().equalsIgnoreCase("all")) {
            shell.environment().out().println(value);
            shell.environment().out().flush();
          }
          if (!shell.runner().runSql(value)) {
            failed = true;
            if (shell.variables().isOnErrorStop()) {
              throw new FailureReported();
            }
          }
        }
      }
    }
    if (failed) {
      throw new FailureReported();
    }
  }
}
