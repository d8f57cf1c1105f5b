package io.cutover.shell.command;

import io.cutover.shell.run.InputRunner;
import io.cutover.shell.run.Shell;
import io.cutover.shell.run.ShellExit;
import io.cutover.shell.run.ExitStatus;
import io.cutover.shell.spi.ArgumentKind;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.nio.file.Path;

/** {@code \i FILE} and {@code \ir FILE} (relative to the file being run). */
final class IncludeCommand extends CoreCommand {

  private final boolean relative;

  private IncludeCommand(Shell shell, boolean relative, String usage, String summary, String... names) {
    super(shell, Groups.INPUT_OUTPUT, usage, summary, names);
    this.relative = relative;
  }

  static IncludeCommand include(Shell shell) {
    return new IncludeCommand(shell, false, "\\i FILE", "execute commands from file", "i", "include");
  }

  static IncludeCommand includeRelative(Shell shell) {
    return new IncludeCommand(shell, true, "\\ir FILE",
        "as \\i, but relative to location of current script", "ir", "include_relative");
  }

  /** Completion offers file names. */
  @Override
  public ArgumentKind argumentKind(java.util.List<String> previous) {
    return ArgumentKind.FILE;
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    if (arguments.words().size() != 1) {
      throw new CommandException(arguments.isEmpty() ? "missing required argument" : "too many arguments",
          "usage: " + usage());
    }
    String name = arguments.words().get(0);
    Path file = relative && !Path.of(name).isAbsolute()
        ? shell.currentLocation().directory().resolve(name) : context.resolvePath(name);
    InputRunner.Outcome outcome = shell.runner().runFile(file);
    switch (outcome) {
      case COMPLETED -> { }
      case STOPPED -> throw new ShellExit(ExitStatus.SCRIPT_ERROR);
      case CONNECTION_LOST -> throw new ShellExit(ExitStatus.CONNECTION);
    }
  }
}
