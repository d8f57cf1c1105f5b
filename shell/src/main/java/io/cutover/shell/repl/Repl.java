package io.cutover.shell.repl;

import io.cutover.shell.lexer.StatementLexer;
import io.cutover.shell.run.ExitStatus;
import io.cutover.shell.run.ScriptLocation;
import io.cutover.shell.run.Shell;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: the composition root of the JLine parts (terminal, lexer-backed
 * parser, completer, highlighter, history) around the same input loop scripts use.
 */
public final class Repl {

  /** Makes the terminal: the process's own, or one on streams in tests. */
  @FunctionalInterface
  public interface TerminalFactory {
    Terminal create() throws IOException;

    static TerminalFactory system() {
      return () -> TerminalBuilder.builder().system(true).build();
    }
  }

  private final Shell shell;
  private final TerminalFactory terminals;

  public Repl(Shell shell, TerminalFactory terminals) {
    this.shell = shell;
    this.terminals = terminals;
  }

  public ExitStatus run() {
    try (Terminal terminal = terminals.create();
         CatalogCache catalog = new CatalogCache(() -> shell.session().pool())) {
      AtomicReference<StatementLexer> current = new AtomicReference<>(StatementLexer.plain());
      SqlParser parser = new SqlParser(() -> current.get().copy());
      LineReader reader = reader(terminal, parser, catalog);
      wire(terminal, reader, parser);
      catalog.refresh();
      terminal.writer().println("cutover " + versionLine() + "\nType \"\\?\" for help, \"\\q\" to quit.\n");
      terminal.flush();
      shell.runner().run(new TerminalLineSource(shell, reader, parser, current, catalog), ScriptLocation.none());
      return ExitStatus.OK;
    } catch (IOException e) {
      shell.err().println("cutover: error: cannot use the terminal: " + e.getMessage());
      return ExitStatus.FATAL;
    }
  }

  private LineReader reader(Terminal terminal, SqlParser parser, CatalogCache catalog) throws IOException {
    Path history = shell.environment().stateDirectory().resolve("history");
    PrivateHistory.prepare(history);
    return LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("cutover")
        .parser(parser)
        .completer(new SqlCompleter(shell.commands(), catalog))
        .highlighter(new SqlHighlighter())
        .history(new PrivateHistory())
        .variable(LineReader.HISTORY_FILE, history)
        .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
        .build();
  }

  /** Ctrl-C cancels what runs; progress goes to the status line; confirmations are read raw. */
  private void wire(Terminal terminal, LineReader reader, SqlParser parser) {
    terminal.handle(Terminal.Signal.INT, signal -> shell.interrupt());
    shell.attachTerminal((label, total) -> new StatusProgress(terminal, label, total), terminal::getHeight,
        terminal::flush);
    SqlHighlighter highlighter = new SqlHighlighter();
    shell.setSqlStyle(text -> highlighter.highlight(reader, text).toAnsi(terminal));
    shell.setConfirmer(question -> {
      parser.setRaw(true);
      try {
        return Optional.of(reader.readLine(question));
      } catch (UserInterruptException | EndOfFileException e) {
        return Optional.empty();
      } finally {
        parser.setRaw(false);
      }
    });
  }

  private String versionLine() {
    String v = Repl.class.getPackage().getImplementationVersion();
    return (v == null ? "(development build)" : v) + ", server " + shell.session().parameter("server_version");
  }
}
