package io.cutover.migration;

import io.cutover.shell.spi.MetaCommand;
import java.util.List;

/** A command of the migration extension: its name, usage and summary, listed under "Migration" in \?. */
public abstract class MigrationCommand implements MetaCommand {

  private final String name;
  private final String usage;
  private final String summary;

  protected MigrationCommand(String name, String usage, String summary) {
    this.name = name;
    this.usage = usage;
    this.summary = summary;
  }

  @Override
  public List<String> names() {
    return List.of(name);
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public String usage() {
    return usage;
  }

  @Override
  public String group() {
    return "Migration";
  }
}
