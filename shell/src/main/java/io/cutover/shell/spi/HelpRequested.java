package io.cutover.shell.spi;

/**
 * {@code --help} among a command's options: the shell prints the command's {@link MetaCommand#help()}
 * instead of running it. Thrown by {@link Arguments#parse}, so every command that parses options has it.
 */
public final class HelpRequested extends CommandException {

  static final String OPTION = "--help";

  public HelpRequested() {
    super("help requested");
  }
}
