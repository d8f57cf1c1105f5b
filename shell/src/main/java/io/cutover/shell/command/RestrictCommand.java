package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;

/**
 * {@code \restrict KEY} and <code>&#92;unrestrict KEY</code>: pg_dump (since the August 2025 releases)
 * writes them around a plain dump, so that a dumped object cannot smuggle in a backslash command;
 * in between, only <code>&#92;unrestrict</code> with the same key runs.
 */
final class RestrictCommand extends CoreCommand {

  private final boolean restricts;

  private RestrictCommand(Shell shell, boolean restricts, String usage, String summary, String name) {
    super(shell, Groups.GENERAL, usage, summary, name);
    this.restricts = restricts;
  }

  static RestrictCommand restrict(Shell shell) {
    return new RestrictCommand(shell, true, "\\restrict KEY", "enter restricted mode with provided key", "restrict");
  }

  static RestrictCommand unrestrict(Shell shell) {
    return new RestrictCommand(shell, false, "\\unrestrict KEY", "exit restricted mode if key matches", "unrestrict");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    if (arguments.isEmpty()) {
      throw new CommandException("missing required argument", "usage: " + usage());
    }
    ignoreExtraArguments(arguments, 1);
    String key = arguments.words().get(0);
    if (restricts) {
      shell.restrict(key);
    } else if (shell.restrictKey().isEmpty()) {
      throw new CommandException("not currently in restricted mode");
    } else if (!shell.restrictKey().get().equals(key)) {
      throw new CommandException("wrong key");
    } else {
      shell.unrestrict();
    }
  }
}
