package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.util.List;

/** {@code \setenv NAME [VALUE]} and {@code \getenv VARIABLE NAME}: the environment of the commands the shell starts. */
final class EnvironmentCommand extends CoreCommand {

  private final boolean sets;

  private EnvironmentCommand(Shell shell, boolean sets, String usage, String summary, String name) {
    super(shell, Groups.VARIABLES, usage, summary, name);
    this.sets = sets;
  }

  static EnvironmentCommand setenv(Shell shell) {
    return new EnvironmentCommand(shell, true, "\\setenv NAME [VALUE]", "set or unset environment variable", "setenv");
  }

  static EnvironmentCommand getenv(Shell shell) {
    return new EnvironmentCommand(shell, false, "\\getenv PSQLVAR ENVVAR", "fetch environment variable", "getenv");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    List<String> words = arguments.words();
    if (words.size() < 2 && !sets || words.isEmpty()) {
      throw new CommandException("missing required argument", "usage: " + usage());
    }
    if (sets) {
      if (words.get(0).contains("=")) {
        throw new CommandException("environment variable name must not contain \"=\"");
      }
      shell.setEnvironmentVariable(words.get(0), words.size() > 1 ? words.get(1) : null);
      return;
    }
    String value = shell.environment().variables().get(words.get(1));
    if (value != null) {
      shell.variables().assign(words.get(0), value);
    }
  }
}
