package io.cutover.shell.command;

import io.cutover.shell.lexer.SlashArguments;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.DescribedCommand;
import java.util.List;

/** A built-in command: its metadata, and the shell it acts on. */
abstract class CoreCommand extends DescribedCommand {

  protected final Shell shell;

  CoreCommand(Shell shell, String group, String usage, String summary, String... names) {
    super(group, usage, summary, names);
    this.shell = shell;
  }

  /**
   * psql's notice of arguments a command does not take, read unevaluated as psql reads them; the
   * command runs without them.
   */
  void ignoreExtraArguments(Arguments arguments, int used) {
    List<String> words = SlashArguments.splitUnevaluated(arguments.text());
    for (String extra : words.subList(Math.min(used, words.size()), words.size())) {
      shell.err().println("\\" + arguments.command() + ": extra argument \"" + extra + "\" ignored");
    }
    shell.err().flush();
  }

  /** psql's on/off argument: a boolean word, or the opposite of {@code current} when absent. */
  static boolean toggle(io.cutover.shell.spi.Arguments args, boolean current, String usage)
      throws io.cutover.shell.spi.CommandException {
    if (args.isEmpty()) {
      return !current;
    }
    String v = args.words().get(0).toLowerCase(java.util.Locale.ROOT);
    if (List.of("on", "true", "yes", "1").contains(v)) {
      return true;
    }
    if (List.of("off", "false", "no", "0").contains(v)) {
      return false;
    }
    throw new io.cutover.shell.spi.CommandException("unrecognized value \"" + args.words().get(0)
        + "\": Boolean expected", "usage: " + usage);
  }
}
