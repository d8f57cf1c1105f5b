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

  /**
   * The usage, then the text of the resource {@code /help/NAME.txt} beside the command's class
   * (NAME its first name), where a line {@code @include OTHER} stands for {@code /help/OTHER.txt}
   * (options several commands share); the usage and summary when there is none.
   */
  @Override
  public String help() {
    return helpText(names.get(0)).map(text -> usage + "\n\n" + text.stripTrailing()).orElseGet(MetaCommand.super::help);
  }

  private java.util.Optional<String> helpText(String name) {
    try (var in = getClass().getResourceAsStream("/help/" + name + ".txt")) {
      if (in == null) {
        return java.util.Optional.empty();
      }
      StringBuilder out = new StringBuilder();
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n", -1)) {
        if (line.startsWith("@include ")) {
          out.append(helpText(line.substring("@include ".length()).strip()).orElse("")).append('\n');
        } else {
          out.append(line).append('\n');
        }
      }
      return java.util.Optional.of(out.toString());
    } catch (java.io.IOException e) {
      return java.util.Optional.empty();
    }
  }
}
