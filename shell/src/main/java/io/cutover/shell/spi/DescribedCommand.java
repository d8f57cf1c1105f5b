package io.cutover.shell.spi;

import java.util.List;

/** A {@link MetaCommand} whose names, usage, summary and {@code \?} group are given once, at construction. */
public abstract class DescribedCommand implements MetaCommand {

  private final List<String> names;
  private final String usage;
  private final String summary;
  private final String group;

  /** @param names the first is the one {@code \?} shows; the others are aliases */
  protected DescribedCommand(String group, String usage, String summary, String... names) {
    this.names = List.of(names);
    this.usage = usage;
    this.summary = summary;
    this.group = group;
  }

  @Override
  public List<String> names() {
    return names;
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
    return group;
  }
}
