package io.cutover.rewrite.command;

import io.cutover.shell.spi.DescribedCommand;

/** A command of the rewrite extension, listed under "Read cutover" in {@code \?}. */
abstract class ReadCutoverCommand extends DescribedCommand {

  ReadCutoverCommand(String name, String usage, String summary) {
    super("Read cutover", usage, summary, name);
  }
}
