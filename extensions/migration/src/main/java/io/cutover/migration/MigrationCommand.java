package io.cutover.migration;

import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.DescribedCommand;
import java.util.Optional;

/**
 * A command of the migration extension, listed under "Migration" in {@code \?}. Its failures
 * from a read-only connection or a statement_timeout are explained in one place, {@link SessionLimits}.
 */
public abstract class MigrationCommand extends DescribedCommand {

  protected MigrationCommand(String name, String usage, String summary) {
    super("Migration", usage, summary, name);
  }

  @Override
  public Optional<CommandException> explain(Exception failure, CommandContext context) {
    return SessionLimits.explain("\\" + names().get(0), failure, context);
  }
}
