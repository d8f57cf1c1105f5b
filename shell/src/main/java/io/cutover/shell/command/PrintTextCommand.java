package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import java.io.PrintStream;

/**
 * {@code \echo}, {@code \qecho} and {@code \warn} {@code [-n] TEXT}: to standard output, to the
 * query output ({@code \o}) or to standard error. An unquoted {@code -n} first drops the newline.
 */
final class PrintTextCommand extends CoreCommand {

  private enum Target { STANDARD_OUTPUT, QUERY_OUTPUT, STANDARD_ERROR }

  private final Target target;

  private PrintTextCommand(Shell shell, Target target, String usage, String summary, String name) {
    super(shell, Groups.INPUT_OUTPUT, usage, summary, name);
    this.target = target;
  }

  static PrintTextCommand echo(Shell shell) {
    return new PrintTextCommand(shell, Target.STANDARD_OUTPUT, "\\echo [-n] [STRING]",
        "write string to standard output (-n for no newline)", "echo");
  }

  static PrintTextCommand qecho(Shell shell) {
    return new PrintTextCommand(shell, Target.QUERY_OUTPUT, "\\qecho [-n] [STRING]",
        "write string to \\o output stream (-n for no newline)", "qecho");
  }

  static PrintTextCommand warn(Shell shell) {
    return new PrintTextCommand(shell, Target.STANDARD_ERROR, "\\warn [-n] [STRING]",
        "write string to standard error (-n for no newline)", "warn");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) {
    var words = arguments.words();
    String typed = arguments.text().strip();
    boolean newline = !(typed.equals("-n") || typed.startsWith("-n ") || typed.startsWith("-n\t"));
    String text = String.join(" ", newline ? words : words.subList(1, words.size()));
    PrintStream out = switch (target) {
      case STANDARD_OUTPUT -> shell.environment().out();
      case QUERY_OUTPUT -> shell.out();
      case STANDARD_ERROR -> shell.err();
    };
    out.print(newline ? text + "\n" : text);
    out.flush();
  }
}
