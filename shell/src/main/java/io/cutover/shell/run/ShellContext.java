package io.cutover.shell.run;

import io.cutover.shell.lexer.StatementLexer;
import io.cutover.shell.spi.BackgroundTask;
import io.cutover.shell.spi.Cancellation;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.StatementFilter;
import io.cutover.shell.spi.Variables;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** What a command sees of the shell while it runs: one per command invocation. */
final class ShellContext implements CommandContext {

  private final Shell shell;
  private final StatementLexer input;

  ShellContext(Shell shell, StatementLexer input) {
    this.shell = shell;
    this.input = input;
  }

  @Override
  public Connection connection() {
    return shell.session().connection();
  }

  @Override
  public DataSource pool() {
    return shell.session().pool();
  }

  @Override
  public Variables variables() {
    return shell.variables();
  }

  @Override
  public Printer printer() {
    return shell.runner().printer();
  }

  @Override
  public Cancellation cancellation() {
    return shell.cancellation();
  }

  @Override
  public boolean isInteractive() {
    return shell.isInteractive();
  }

  @Override
  public void confirm(String question, String expected) throws CommandException {
    if (!shell.isInteractive()) {
      if (shell.isAssumeYes()) {
        printer().info(question + " " + expected + " (--yes)");
        return;
      }
      throw new CommandException("refused: \"" + question + "\" needs a confirmation, and this is a script",
          "run the script with --yes to confirm, or run the command interactively");
    }
    String answer = shell.confirmer().ask(question + " (type " + expected + " to confirm) ").orElse("").strip();
    if (!answer.equals(expected)) {
      throw new CommandException("not confirmed: expected \"" + expected + "\", got \"" + answer + "\"");
    }
  }

  @Override
  public Optional<String> takeQueryBuffer() {
    String buffer = input.queryBuffer();
    input.clearQueryBuffer();
    return buffer.isBlank() ? Optional.empty() : Optional.of(buffer);
  }

  @Override
  public Optional<String> queryBuffer() {
    String buffer = input.queryBuffer();
    return buffer.isBlank() ? Optional.empty() : Optional.of(buffer);
  }

  @Override
  public Optional<String> previousQuery() {
    return shell.previousQuery();
  }

  @Override
  public Path resolvePath(String path) {
    Path p = Path.of(path.startsWith("~/") ? shell.environment().home() + path.substring(1) : path);
    return p.isAbsolute() ? p : shell.environment().workingDirectory().resolve(p);
  }

  @Override
  public Map<String, String> environment() {
    return shell.environment().variables();
  }

  @Override
  public Path stateDirectory() {
    return shell.environment().stateDirectory();
  }

  @Override
  public void setStatementFilter(StatementFilter filter) {
    shell.setStatementFilter(filter);
  }

  @Override
  public boolean isTiming() {
    return shell.isTiming();
  }

  @Override
  public Optional<StatementFilter> statementFilter() {
    return shell.statementFilter();
  }

  @Override
  public void runInBackground(String name, BackgroundTask task) {
    shell.background().start(name, task, printer());
  }

  @Override
  public void runSql(String sql) throws Exception {
    if (!shell.runner().runSql(sql)) {
      throw new FailureReported();
    }
  }
}
