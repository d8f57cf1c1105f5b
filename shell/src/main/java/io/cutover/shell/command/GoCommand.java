package io.cutover.shell.command;

import io.cutover.shell.render.Expanded;
import io.cutover.shell.render.PrintSettings;
import io.cutover.shell.run.FailureReported;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code \g [(OPTION=VALUE ...)] [FILE|'|'COMMAND]}: send the query buffer (or repeat the previous
 * query), with {@code \pset} options for this query only, its results into a file or a command.
 */
final class GoCommand extends CoreCommand {

  private final PsetCommand pset;

  private final boolean expanded;

  private GoCommand(Shell shell, boolean expanded, String usage, String summary, String name) {
    super(shell, Groups.GENERAL, usage, summary, name);
    this.pset = new PsetCommand(shell);
    this.expanded = expanded;
  }

  static GoCommand go(Shell shell) {
    return new GoCommand(shell, false, "\\g [(OPTIONS)] [FILE]", "execute query (and send result to file or |pipe)", "g");
  }

  /** {@code \gx}: as {@code \g}, in expanded mode for this query. */
  static GoCommand expanded(Shell shell) {
    return new GoCommand(shell, true, "\\gx [(OPTIONS)] [FILE]", "as \\g, but forces expanded output mode", "gx");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    String sql = QueryBuffer.take(context);
    List<String> words = arguments.words();
    String text = arguments.text();
    PrintSettings before = shell.printSettings();
    try {
      if (expanded) {
        shell.setPrintSettings(before.with(b -> b.expanded = Expanded.ON));
      }
      if (!words.isEmpty() && words.get(0).startsWith("(")) {
        int last = applyOptions(words);
        words = words.subList(last + 1, words.size());
        text = text.substring(text.indexOf(')') + 1).strip();
      }
      if (words.size() > 1 && !text.startsWith("|")) {
        throw new CommandException("too many arguments", "usage: " + usage());
      }
      if (!run(sql, words.isEmpty() ? null : OutputTarget.of(text, words), context)) {
        throw new FailureReported();
      }
    } finally {
      shell.setPrintSettings(before);
    }
  }

  /** Applies {@code (name=value ...)} for this query; returns the index of the word that closes it. */
  private int applyOptions(List<String> words) throws CommandException {
    PrintSettings settings = shell.printSettings();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      boolean closes = word.endsWith(")");
      String option = word.substring(i == 0 ? 1 : 0, closes ? word.length() - 1 : word.length());
      if (!option.isEmpty()) {
        int eq = option.indexOf('=');
        settings = pset.apply(settings, (eq < 0 ? option : option.substring(0, eq)).toLowerCase(Locale.ROOT),
            eq < 0 ? null : option.substring(eq + 1));
      }
      if (closes) {
        shell.setPrintSettings(settings);
        return i;
      }
    }
    throw new CommandException("missing right parenthesis", "usage: " + usage());
  }

  private boolean run(String sql, OutputTarget target, CommandContext context) throws CommandException {
    if (target == null) {
      return shell.runner().runSql(sql);
    }
    try {
      target.openForQuery(shell, context);
    } catch (IOException e) {
      throw new CommandException(target.name() + ": " + e.getMessage());
    }
    try {
      return shell.runner().runSql(sql);
    } finally {
      shell.closeQueryOutput();
    }
  }
}
