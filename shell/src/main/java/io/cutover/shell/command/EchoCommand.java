package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;

/** {@code \echo [-n] TEXT}: to standard output, like psql (not to the {@code \o} file). */
final class EchoCommand extends CoreCommand {
  EchoCommand(Shell shell) {
    super(shell, Groups.INPUT_OUTPUT, "\\echo [-n] [STRING]", "write string to standard output (-n for no newline)",
        "echo");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) {
    var words = arguments.words();
    boolean newline = words.isEmpty() || !words.get(0).equals("-n");
    String text = String.join(" ", newline ? words : words.subList(1, words.size()));
    var out = shell.environment().out();
    if (newline) {
      out.println(text);
    } else {
      out.print(text);
    }
    out.flush();
  }
}
