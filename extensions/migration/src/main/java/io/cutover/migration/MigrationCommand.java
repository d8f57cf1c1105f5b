package io.cutover.migration;

import io.cutover.shell.spi.DescribedCommand;

/** A command of the migration extension, listed under "Migration" in {@code \?}. */
public abstract class MigrationCommand extends DescribedCommand {

  protected MigrationCommand(String name, String usage, String summary) {
    super("Migration", usage, summary, name);
  }
}
