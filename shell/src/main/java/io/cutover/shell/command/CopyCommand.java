package io.cutover.shell.command;

import io.cutover.shell.lexer.Scanners;
import io.cutover.shell.run.FailureReported;
import io.cutover.shell.run.InputRunner;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code \copy}: a COPY whose file, program or stream is on the client, in psql's syntax. It runs
 * as {@code COPY <what> FROM STDIN|TO STDOUT <options>}, the data passing through the shell.
 */
final class CopyCommand extends CoreCommand {

  /** What {@code \copy} names after {@code from} or {@code to}. */
  private sealed interface Target permits FileTarget, ProgramTarget, StreamTarget {
  }

  private record FileTarget(String path) implements Target {
  }

  private record ProgramTarget(String command) implements Target {
  }

  /** {@code stdin}/{@code stdout} (the input being run, the results' output) or {@code pstdin}/{@code pstdout}. */
  private record StreamTarget(boolean isProcessStream) implements Target {
  }

  /** A parsed {@code \copy}: the COPY to send and where its data is. */
  private record SlashCopy(String sql, boolean isFrom, Target target) {
  }

  /** A word of the arguments (a single-quoted one unquoted) and the text after it. */
  private record Word(String value, String rest) {
  }

  CopyCommand(Shell shell) {
    super(shell, Groups.INPUT_OUTPUT, "\\copy ...", "perform SQL COPY with data stream to the client host", "copy");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    if (arguments.text().isEmpty()) {
      throw new CommandException("arguments required");
    }
    SlashCopy copy = parse(arguments.text());
    boolean ok;
    if (copy.target() instanceof FileTarget f) {
      ok = copyFile(copy, context.resolvePath(f.path()));
    } else if (copy.target() instanceof ProgramTarget p) {
      ok = copyProgram(copy, p.command());
    } else {
      boolean processStream = ((StreamTarget) copy.target()).isProcessStream();
      ok = copy.isFrom()
          ? shell.runner().runCopyIn(copy.sql(), processStream ? InputRunner.CopyInput.STANDARD : InputRunner.CopyInput.CURRENT)
          : shell.runner().runCopyOut(copy.sql(), processStream ? shell.environment().out() : shell.out());
    }
    if (!ok) {
      throw new FailureReported();
    }
  }

  private boolean copyFile(SlashCopy copy, Path path) throws CommandException {
    if (copy.isFrom()) {
      try (InputStream in = Files.newInputStream(path)) {
        return shell.runner().runCopyIn(copy.sql(), in);
      } catch (IOException e) {
        throw fileError(path, e);
      }
    }
    try (OutputStream out = Files.newOutputStream(path)) {
      return shell.runner().runCopyOut(copy.sql(), out);
    } catch (IOException e) {
      throw fileError(path, e);
    }
  }

  /** As psql's popen: the program's other streams are the shell's own; its exit status is checked after the COPY. */
  private boolean copyProgram(SlashCopy copy, String command) throws CommandException {
    ProcessBuilder builder = shell.environment().shellCommand(command);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    if (copy.isFrom()) {
      builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
    } else {
      builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CommandException(command + ": " + e.getMessage());
    }
    boolean ok;
    try (InputStream in = process.getInputStream(); OutputStream out = new ProgramInput(process)) {
      ok = copy.isFrom() ? shell.runner().runCopyIn(copy.sql(), in) : shell.runner().runCopyOut(copy.sql(), out);
    } catch (IOException e) {
      // The program closed its end early; its exit status says why.
      ok = false;
    }
    int status;
    try {
      status = process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new CommandException(command + ": interrupted");
    }
    if (status != 0) {
      // psql's wording (wait_result_to_str), 127 and 126 being the shell's own verdicts.
      throw new CommandException(command + ": " + switch (status) {
        case 127 -> "command not found";
        case 126 -> "command not executable";
        default -> "child process exited with exit code " + status;
      });
    }
    return ok;
  }

  /**
   * A program's standard input that drops what is written after the program ended: rows it will
   * never read are not an error of the COPY, the program's exit status is (as psql, whose pipe
   * takes them, reports it).
   */
  private static final class ProgramInput extends java.io.FilterOutputStream {
    private final Process process;

    ProgramInput(Process process) {
      super(process.getOutputStream());
      this.process = process;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        if (process.isAlive()) {
          throw e;
        }
      }
    }

    @Override
    public void flush() throws IOException {
      write(new byte[0], 0, 0);
      try {
        out.flush();
      } catch (IOException e) {
        if (process.isAlive()) {
          throw e;
        }
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } catch (IOException e) {
        if (process.isAlive()) {
          throw e;
        }
      }
    }
  }

  /** psql's wording of a file that cannot be opened. */
  private static CommandException fileError(Path path, IOException e) {
    String reason = e instanceof NoSuchFileException ? "No such file or directory"
        : e instanceof AccessDeniedException ? "Permission denied" : e.getMessage();
    return new CommandException(path + ": " + reason);
  }

  /**
   * Reads psql's {@code \copy} syntax: what to copy (a table with its columns, or a query in
   * parentheses), {@code from} or {@code to}, a file name (quoted or not), {@code program
   * 'command'}, {@code stdin}, {@code stdout}, {@code pstdin} or {@code pstdout}, then COPY's options.
   */
  private static SlashCopy parse(String text) throws CommandException {
    int depth = 0;
    for (SqlScript.Token t : SqlScript.lex(text)) {
      String word = t.text(text).toLowerCase(Locale.ROOT);
      if (word.equals("(")) {
        depth++;
      } else if (word.equals(")")) {
        depth--;
      } else if (depth == 0 && t.kind() == SqlScript.TokenKind.WORD && (word.equals("from") || word.equals("to"))
          && t.start() > 0) {
        return parseTarget(text.substring(0, t.start()).strip(), word.equals("from"), text.substring(t.end()).strip());
      }
    }
    throw new CommandException("parse error at end of line");
  }

  private static SlashCopy parseTarget(String what, boolean isFrom, String rest) throws CommandException {
    if (rest.isEmpty()) {
      throw new CommandException("parse error at end of line");
    }
    Word first = nextWord(rest);
    Target target;
    String options = first.rest();
    switch (first.value().toLowerCase(Locale.ROOT)) {
      case "program" -> {
        Word command = nextWord(first.rest());
        if (!first.rest().startsWith("'")) {
          throw new CommandException(first.rest().isEmpty() ? "parse error at end of line"
              : "parse error at \"" + command.value() + "\"");
        }
        target = new ProgramTarget(command.value());
        options = command.rest();
      }
      case "stdin", "stdout" -> target = new StreamTarget(false);
      case "pstdin", "pstdout" -> target = new StreamTarget(true);
      default -> target = new FileTarget(first.value());
    }
    String sql = "COPY " + what + (isFrom ? " FROM STDIN" : " TO STDOUT") + (options.isEmpty() ? "" : " " + options);
    return new SlashCopy(sql, isFrom, target);
  }

  private static Word nextWord(String text) {
    if (text.startsWith("'")) {
      int end = Scanners.singleQuoted(text, 0);
      end = end < 0 ? text.length() : end;
      String body = text.substring(1, Math.max(1, end - 1)).replace("''", "'");
      return new Word(body, text.substring(end).strip());
    }
    int end = 0;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return new Word(text.substring(0, end), text.substring(end).strip());
  }
}
