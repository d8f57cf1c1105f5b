package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.CommandContext;
import java.io.IOException;
import java.util.List;

/**
 * Where {@code \o} and {@code \g} send results, as psql reads their argument: {@code |command}
 * (the rest of the line, as typed) or a file name.
 */
record OutputTarget(String command, String file) {

  /**
   * @param text the argument as typed; {@code words} the same split as psql splits it (a quoted
   *     {@code '|cmd'}, as {@code -o} passes it, is a pipe too)
   */
  static OutputTarget of(String text, List<String> words) {
    if (text.startsWith("|")) {
      return new OutputTarget(text.substring(1).strip(), null);
    }
    String word = words.get(0);
    return word.startsWith("|") ? new OutputTarget(word.substring(1).strip(), null) : new OutputTarget(null, word);
  }

  /** Makes this the shell's output ({@code \o}). */
  void open(Shell shell, CommandContext context) throws IOException {
    if (command != null) {
      shell.pipeOutput(command);
    } else {
      shell.redirectOutput(context.resolvePath(file));
    }
  }

  /** Makes this the output of one query ({@code \g}); {@link Shell#closeQueryOutput} ends it. */
  void openForQuery(Shell shell, CommandContext context) throws IOException {
    shell.openQueryOutput(file == null ? null : context.resolvePath(file), command);
  }

  /** The name to put in an error message. */
  String name() {
    return command != null ? "|" + command : file;
  }
}
