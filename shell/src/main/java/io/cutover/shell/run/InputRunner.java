package io.cutover.shell.run;

import io.cutover.shell.lexer.SlashArguments;
import io.cutover.shell.lexer.StatementLexer;
import io.cutover.shell.session.ConnectionLoss;
import io.cutover.shell.session.CopyStatement;
import io.cutover.shell.session.ErrorReport;
import io.cutover.shell.session.TransactionCommands;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.HelpRequested;
import io.cutover.shell.spi.MetaCommand;
import io.cutover.shell.spi.SqlScript;
import io.cutover.shell.spi.Variables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.postgresql.core.TransactionState;

/**
 * psql's main loop: reads input, lexes it into statements and backslash commands, runs each,
 * and decides from ON_ERROR_STOP and the kind of input whether an error ends the run.
 */
public final class InputRunner {

  /** psql has no limit; a file that includes itself should fail clearly, not overflow the stack. */
  private static final int MAX_INCLUDE_DEPTH = 64;

  /** How a run of one input ended. */
  public enum Outcome {
    /** The input ended; {@code hadErrors} tells whether any step failed. */
    COMPLETED,
    /** An error with ON_ERROR_STOP set ended it. */
    STOPPED,
    /** The connection was lost and could not be re-established. */
    CONNECTION_LOST
  }

  /** An input being run: COPY FROM STDIN reads its data from the same input, after the statement. */
  private record Input(StatementLexer lexer, LineSource source) {
  }

  private final Shell shell;
  private final StatementRunner statements;
  private final Deque<Input> inputs = new ArrayDeque<>();
  private boolean lastFailed;

  InputRunner(Shell shell) {
    this.shell = shell;
    this.statements = new StatementRunner(shell, () -> !inputs.isEmpty() && inputs.peek().source().isInteractive());
  }

  ConsolePrinter printer() {
    return statements.printer();
  }

  /** Whether the last statement or command run failed ({@code -c} reports it as exit status 1). */
  public boolean lastFailed() {
    return lastFailed;
  }

  /** Runs every line of {@code source}. */
  public Outcome run(LineSource source, ScriptLocation location) {
    StatementLexer lexer = new StatementLexer(shell.variables()::get);
    Conditionals conditionals = new Conditionals(new Conditionals.QueryText() {
      @Override
      public StatementLexer.BufferMark mark() {
        return lexer.markQueryBuffer();
      }

      @Override
      public void restore(StatementLexer.BufferMark mark) {
        lexer.restoreQueryBuffer(mark);
      }
    });
    shell.enter(location);
    inputs.push(new Input(lexer, source));
    try {
      while (true) {
        Optional<String> chunk;
        try {
          chunk = source.read(lexer);
        } catch (LineSource.UserInterrupt e) {
          lexer.clearQueryBuffer();
          continue;
        } catch (IOException e) {
          shell.err().println("cutover: error: could not read input: " + e.getMessage());
          return Outcome.STOPPED;
        }
        if (chunk.isEmpty()) {
          Optional<StatementLexer.Item> last = lexer.finish();
          if (last.isPresent() && !source.isInteractive()) {
            Outcome o = step(last.get(), lexer, location, source, conditionals);
            if (o != null) {
              return o;
            }
          }
          return conditionals.isOpen() ? unclosedIf(location.prefix(lexer.lineNumber()), source) : Outcome.COMPLETED;
        }
        lexer.push(chunk.get());
        for (Optional<StatementLexer.Item> item = lexer.next(); item.isPresent(); item = lexer.next()) {
          Outcome o = step(item.get(), lexer, location, source, conditionals);
          if (o != null) {
            return o;
          }
        }
      }
    } finally {
      inputs.pop();
      shell.leave();
    }
  }

  /**
   * Runs a {@code -c} string: SQL alone goes to the server as one query, as psql sends it; one
   * with a COPY through the client among several statements runs them one by one (pgjdbc cannot
   * take a COPY inside a multi-statement query), in one transaction and stopping at the first
   * error, as the server runs a multi-statement query.
   */
  public Outcome runCommandString(String text) {
    if (text.indexOf('\\') >= 0) {
      return run(new ReaderLineSource(new BufferedReader(new StringReader(text)), line -> { }), ScriptLocation.none());
    }
    List<SqlScript.Statement> statements = SqlScript.split(text);
    StepResult r = statements.size() > 1 && statements.stream().anyMatch(s -> CopyStatement.of(s.sql()).isPresent())
        ? runAsOneQuery(statements)
        : lostOr(runStatement(text, () -> ""));
    lastFailed = r != StepResult.OK;
    return r == StepResult.CONNECTION_LOST ? Outcome.CONNECTION_LOST : Outcome.COMPLETED;
  }

  /**
   * The statements of one query, each sent alone: in an implicit transaction (unless one
   * already runs, or one of them controls transactions or cannot run in one, where the server's
   * own implicit block would not hold either), committed when all succeed.
   */
  private StepResult runAsOneQuery(List<SqlScript.Statement> statements) {
    boolean implicit = shell.session().transactionState() == TransactionState.IDLE
        && statements.stream().noneMatch(s -> TransactionCommands.takesNoImplicitBegin(s.sql()));
    try {
      if (implicit) {
        shell.executor().execute(shell.session().connection(), "BEGIN", w -> { });
      }
      StepResult r = StepResult.OK;
      for (SqlScript.Statement s : statements) {
        r = lostOr(runStatement(s.sql(), () -> ""));
        if (r != StepResult.OK) {
          break;
        }
      }
      if (implicit && r != StepResult.CONNECTION_LOST) {
        shell.executor().execute(shell.session().connection(), r == StepResult.OK ? "COMMIT" : "ROLLBACK", w -> { });
      }
      return r;
    } catch (SQLException e) {
      shell.err().print(ErrorReport.format(e, null, shell.variables().errorStyle()));
      return lostOr(StepResult.ERROR);
    }
  }

  /** Runs a file as {@code -f} and {@code \i} do. */
  public Outcome runFile(Path file) {
    if (shell.depth() >= MAX_INCLUDE_DEPTH) {
      shell.err().println(shell.currentLocation().prefix(0) + "\\i: files nested more than " + MAX_INCLUDE_DEPTH
          + " deep (does " + file + " include itself?)");
      lastFailed = true;
      return shell.variables().isOnErrorStop() ? Outcome.STOPPED : Outcome.COMPLETED;
    }
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return run(new ReaderLineSource(reader, this::echoLine), ScriptLocation.of(file));
    } catch (NoSuchFileException e) {
      throw new MissingFile(file + ": No such file or directory");
    } catch (IOException e) {
      throw new MissingFile(file + ": " + e.getMessage());
    }
  }

  /** A file to run could not be opened: fatal for {@code -f}, an error for {@code \i}. */
  public static final class MissingFile extends RuntimeException {
    public MissingFile(String message) {
      super(message, null, false, false);
    }
  }

  /** Runs piped standard input, echoing lines when ECHO is all. */
  public Outcome runReader(BufferedReader reader) {
    return run(new ReaderLineSource(reader, this::echoLine), ScriptLocation.none());
  }

  /** Runs one statement as if typed in the current file; false when it failed (the error is printed). */
  public boolean runSql(String sql) {
    return runStatement(sql, this::currentPrefix) == StepResult.OK;
  }

  /**
   * Runs one statement as if typed in the current file, its rows given to {@code rows} instead of
   * printed ({@code \gset}, {@code \gexec}, {@code \crosstabview}); false when it failed (the error is printed).
   */
  public boolean runSql(String sql, ResultTarget rows) {
    return statements.run(sql, this::currentPrefix, new CopyEnds(this::copyData, shell.out(), true), rows)
        == StepResult.OK;
  }

  /** {@code \gdesc}: prints the columns {@code sql} would return; false when it failed (the error is printed). */
  public boolean describeSql(String sql) {
    return statements.run(sql, this::currentPrefix, new CopyEnds(this::copyData, shell.out(), true),
        printer()::table, StatementRunner.Mode.DESCRIBE) == StepResult.OK;
  }

  StepResult runStatement(String sql, Supplier<String> errorPrefix) {
    return statements.run(sql, errorPrefix, new CopyEnds(this::copyData, shell.out(), true));
  }

  /** Where {@code \copy ... from stdin|pstdin} reads its data. */
  public enum CopyInput {
    /** {@code stdin}: the input being run, after the command (psql's current command source). */
    CURRENT,
    /** {@code pstdin}: the process's standard input. */
    STANDARD
  }

  /** Runs {@code \copy ... from stdin|pstdin}'s COPY FROM STDIN; false when it failed (the error is printed). */
  public boolean runCopyIn(String sql, CopyInput input) {
    return runCopy(sql, new CopyEnds(input == CopyInput.CURRENT ? this::copyData : this::standardInputData,
        shell.out(), true));
  }

  /** Runs {@code \copy ... from FILE|program}'s COPY FROM STDIN with {@code data} as the data. */
  public boolean runCopyIn(String sql, InputStream data) {
    return runCopy(sql, new CopyEnds(charset -> data, shell.out(), true));
  }

  /** Runs {@code \copy ... to}'s COPY TO STDOUT into {@code out}; its tag is printed unless {@code out} is where results go. */
  public boolean runCopyOut(String sql, OutputStream out) {
    return runCopy(sql, new CopyEnds(this::copyData, out, out == shell.out()));
  }

  private boolean runCopy(String sql, CopyEnds ends) {
    return statements.run(sql, this::currentPrefix, ends) == StepResult.OK;
  }

  /** The error prefix for the line the input being run has reached. */
  private String currentPrefix() {
    return shell.currentLocation().prefix(inputs.isEmpty() ? 0 : inputs.peek().lexer().lineNumber());
  }

  /**
   * The data of a COPY FROM STDIN: the lines after it in the input being run (psql's current
   * command source), or standard input for a {@code -c} statement.
   */
  private InputStream copyData(Charset charset) {
    Input input = inputs.peek();
    if (input == null) {
      return standardInputData(charset);
    }
    boolean interactive = input.source().isInteractive();
    Runnable hint = () -> {
      if (interactive && !shell.variables().isQuiet()) {
        shell.environment().out().println("Enter data to be copied followed by a newline.\n"
            + "End with a backslash and a period on a line by itself, or an EOF signal.");
      }
    };
    return new CopyDataStream(() -> nextDataLine(input), charset, hint,
        interactive ? CopyDataStream.Unread.LEAVE : CopyDataStream.Unread.CONSUME);
  }

  private InputStream standardInputData(Charset charset) {
    return new CopyDataStream(() -> Optional.ofNullable(shell.standardInput().readLine()), charset, () -> { },
        CopyDataStream.Unread.CONSUME);
  }

  private Optional<String> nextDataLine(Input input) throws IOException {
    Optional<String> line = input.lexer().pollLine();
    if (line.isEmpty()) {
      Optional<String> read;
      try {
        read = input.source().readDataLine(shell.variables().get("PROMPT3").orElse(""));
      } catch (LineSource.UserInterrupt e) {
        throw new InterruptedIOException("canceled by user");
      }
      if (read.isEmpty()) {
        return Optional.empty();
      }
      input.lexer().push(read.get() + "\n");
      line = input.lexer().pollLine();
    }
    return line.map(l -> l.substring(0, l.length() - 1));
  }

  /** Runs one item; returns an outcome when the run must end, or null to go on. */
  private Outcome step(StatementLexer.Item item, StatementLexer lexer, ScriptLocation location, LineSource source,
                       Conditionals conditionals) {
    String prefix = location.prefix(item.line());
    String name = item instanceof StatementLexer.MetaCommand m ? commandName(m) : "";
    StepResult result;
    if (Conditionals.COMMANDS.contains(name) && shell.restrictKey().isEmpty()) {
      result = branch((StatementLexer.MetaCommand) item, name, conditionals, prefix);
    } else if (!conditionals.isActive()) {
      // In a branch not taken: read, never run; a name psql does not know is still an error.
      if (!name.isEmpty() && !PsqlCommandNames.isKnown(name) && shell.commands().find(name).isEmpty()) {
        shell.err().println(prefix + "invalid command \\" + name);
        result = fail("invalid command \\" + name);
      } else {
        return null;
      }
    } else {
      result = lostOr(item instanceof StatementLexer.Statement s
          ? runStatement(s.text(), () -> location.prefix(lexer.lineNumber()))
          : dispatch((StatementLexer.MetaCommand) item, lexer, prefix));
    }
    lastFailed = result != StepResult.OK;
    if (result == StepResult.CONNECTION_LOST) {
      return handleLostConnection(source);
    }
    if (result == StepResult.ERROR && shell.variables().isOnErrorStop() && !source.isInteractive()) {
      return Outcome.STOPPED;
    }
    return null;
  }

  /**
   * A failure is a lost connection when the session's connection is gone afterwards, whatever
   * the error said (57P01, an I/O error, or a command's own words): asking the connection itself,
   * as psql asks libpq, gives exit status 2 every time. A command's failure on a connection of
   * its own is judged by its SQLSTATE in {@link #dispatch}.
   */
  private StepResult lostOr(StepResult result) {
    return result == StepResult.ERROR && shell.session().isLost() ? StepResult.CONNECTION_LOST : result;
  }

  private Outcome handleLostConnection(LineSource source) {
    shell.err().println("The connection to the server was lost. Attempting reset: ");
    if (!source.isInteractive()) {
      shell.err().println("Failed (not interactive: the script stops here).");
      return Outcome.CONNECTION_LOST;
    }
    if (!shell.session().isLost()) {
      // A command's own connection was lost; the session's (its transaction, SET, temporary tables) is kept.
      shell.err().println("Succeeded (the session's connection was not lost).");
      return null;
    }
    try {
      shell.reconnect();
      shell.err().println("Succeeded.");
      return null;
    } catch (SQLException e) {
      shell.err().println("Failed: " + e.getMessage());
      return Outcome.CONNECTION_LOST;
    }
  }

  /** {@code \if}, {@code \elif}, {@code \else} or {@code \endif}. */
  private StepResult branch(StatementLexer.MetaCommand m, String name, Conditionals conditionals, String prefix) {
    try {
      conditionals.apply(name, () -> {
        String expression = String.join(" ",
            SlashArguments.split(m.text().substring(1 + name.length()), shell.variables()::get));
        return Variables.parseBoolean(expression).orElseThrow(() -> new BareError(
            "unrecognized value \"" + expression + "\" for \"\\" + name + " expression\": Boolean expected"));
      });
      return StepResult.OK;
    } catch (BareError e) {
      shell.err().println(prefix + e.getMessage());
      return fail(e.getMessage());
    } catch (CommandException e) {
      shell.err().println(prefix + "\\" + name + ": " + e.getMessage());
      return fail(e.getMessage());
    }
  }

  /** The end of an input inside an {@code \if}: an error, which ends a script with ON_ERROR_STOP. */
  private Outcome unclosedIf(String prefix, LineSource source) {
    shell.err().println(prefix + "reached EOF without finding closing \\endif(s)");
    lastFailed = true;
    fail("reached EOF without finding closing \\endif(s)");
    return shell.variables().isOnErrorStop() && !source.isInteractive() ? Outcome.STOPPED : Outcome.COMPLETED;
  }

  private static String commandName(StatementLexer.MetaCommand m) {
    String text = m.text();
    int end = 1;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return text.substring(1, end);
  }

  private StepResult dispatch(StatementLexer.MetaCommand m, StatementLexer lexer, String prefix) {
    String name = commandName(m);
    String text = m.text().substring(1);
    int space = name.length();
    if (shell.restrictKey().isPresent() && !name.equals("unrestrict")) {
      shell.err().println(prefix + "backslash commands are restricted; only \\unrestrict is allowed");
      return fail("backslash commands are restricted");
    }
    Optional<MetaCommand> command = shell.commands().find(name);
    if (command.isEmpty()) {
      String suggestion = shell.commands().suggest(name).map(s -> " (did you mean \\" + s + "?)").orElse("");
      shell.err().println(prefix + "invalid command \\" + name + suggestion);
      shell.err().println("Try \\? for help.");
      return fail("invalid command \\" + name);
    }
    Arguments args = new Arguments(name, SlashArguments.split(text.substring(space), shell.variables()::get),
        text.substring(space));
    shell.cancellation().reset();
    try {
      runExplained(command.get(), new ShellContext(shell, lexer), args);
      return StepResult.OK;
    } catch (ShellExit e) {
      throw e;
    } catch (FailureReported e) {
      return StepResult.ERROR;
    } catch (BareError e) {
      shell.err().println(prefix + e.getMessage());
      return fail(e.getMessage());
    } catch (HelpRequested e) {
      new ShellContext(shell, lexer).printer().line(command.get().help());
      return StepResult.OK;
    } catch (CommandException e) {
      shell.err().println(prefix + "\\" + name + ": " + e.getMessage());
      e.hint().ifPresent(h -> shell.err().println("HINT:  " + h));
      fail(e.getMessage());
      return ConnectionLoss.isLost(e) ? StepResult.CONNECTION_LOST : StepResult.ERROR;
    } catch (MissingFile e) {
      shell.err().println(prefix + "\\" + name + ": " + e.getMessage());
      return fail(e.getMessage());
    } catch (SQLException e) {
      shell.err().print(prefix + ErrorReport.format(e, null, shell.variables().errorStyle()));
      fail(e.getMessage());
      return ConnectionLoss.isLost(e) ? StepResult.CONNECTION_LOST : StepResult.ERROR;
    } catch (CancellationException e) {
      shell.err().println(prefix + "\\" + name + ": canceled by user");
      return fail("canceled by user");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shell.err().println(prefix + "\\" + name + ": interrupted");
      return fail("interrupted");
    } catch (Exception e) {
      // A defect of the command, not of the input: its message, never the exception's class name.
      String said = e.getMessage() == null ? "" : ": " + e.getMessage();
      shell.err().println(prefix + "\\" + name + " failed unexpectedly" + said);
      shell.err().println("HINT:  this is a defect of cutover, not of your input; please report it with the command");
      return fail("\\" + name + " failed unexpectedly" + said);
    }
  }

  /** Runs a command; a failure the command can explain better is thrown as its explanation. */
  private static void runExplained(MetaCommand command, ShellContext context, Arguments args) throws Exception {
    try {
      command.execute(context, args);
    } catch (SQLException | CommandException e) {
      Optional<CommandException> explained = command.explain(e, context);
      if (explained.isPresent()) {
        throw explained.get();
      }
      throw e;
    }
  }

  private StepResult fail(String message) {
    shell.variables().set("ERROR", "true");
    shell.variables().set("LAST_ERROR_MESSAGE", message == null ? "" : message);
    return StepResult.ERROR;
  }

  private void echoLine(String line) {
    if (shell.variables().echo().equalsIgnoreCase("all")) {
      shell.out().println(line);
    }
  }
}
