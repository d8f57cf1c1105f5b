package io.cutover.shell.repl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.command.CommandRegistry;
import io.cutover.shell.command.CoreCommands;
import io.cutover.shell.run.Shell;
import io.cutover.shell.run.ShellEnvironment;
import io.cutover.shell.testkit.Await;
import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: Tab offers tables after {@code \d} and {@code \dt}, and file names after {@code \i} and
 * {@code \o}, from the catalog the shell loads in the background (on the real server).
 */
@org.junit.jupiter.api.Tag("postgres")
@ExtendWith(PostgresExtension.class)
class CompletionTest {

  @TempDir
  Path dir;

  @Test
  void tablesAfterDescribeAndFilesAfterInclude(TestDatabase db) throws Exception {
    db.execute("create schema \"Completion Tenant\"", "create table \"Completion Tenant\".completion_target (a int)");
    Files.writeString(dir.resolve("completion-script.sql"), "select 1;\n");
    DataSource pool = new DataSource() {
      @Override public Connection getConnection() throws SQLException { return db.connect(); }
      @Override public Connection getConnection(String u, String p) throws SQLException { return db.connect(); }
      @Override public java.io.PrintWriter getLogWriter() { return null; }
      @Override public void setLogWriter(java.io.PrintWriter out) { }
      @Override public void setLoginTimeout(int seconds) { }
      @Override public int getLoginTimeout() { return 0; }
      @Override public java.util.logging.Logger getParentLogger() { return null; }
      @Override public <T> T unwrap(Class<T> iface) { return null; }
      @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    };
    CommandRegistry commands = new CommandRegistry();
    try (Shell shell = new Shell(ShellEnvironment.system()); CatalogCache catalog = new CatalogCache(() -> pool);
         Terminal terminal = TerminalBuilder.builder().dumb(true).build()) {
      CoreCommands.create(shell).forEach(commands::register);
      catalog.refresh();
      Await.until("the catalog loaded", () -> !catalog.names().schemas().isEmpty());
      SqlCompleter completer = new SqlCompleter(commands, catalog);
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();

      List<String> afterD = complete(completer, reader, "\\d", "complet");
      assertTrue(afterD.contains("completion_target"), afterD.toString());
      List<String> qualified = complete(completer, reader, "\\d", "\"Completion");
      assertTrue(qualified.contains("\"Completion Tenant\".completion_target"), "quoted as SQL reads it: " + qualified);
      assertTrue(complete(completer, reader, "\\dt", "").contains("completion_target"));
      List<String> afterI = complete(completer, reader, "\\i", dir + "/completion-s");
      assertTrue(afterI.stream().anyMatch(f -> f.endsWith("completion-script.sql")), afterI.toString());
      assertTrue(complete(completer, reader, "\\o", dir + "/").stream().anyMatch(f -> f.endsWith("completion-script.sql")));
      assertTrue(complete(completer, reader, "\\echo", "complet").isEmpty(), "\\echo takes no table");
    }
  }

  /** The candidates for {@code word}, typed as the argument of {@code command}. */
  private static List<String> complete(SqlCompleter completer, LineReader reader, String command, String word) {
    List<Candidate> candidates = new ArrayList<>();
    String line = command + " " + word;
    ParsedLine parsed = new ParsedLine() {
      @Override public String word() { return word; }
      @Override public int wordCursor() { return word.length(); }
      @Override public int wordIndex() { return 1; }
      @Override public List<String> words() { return List.of(command, word); }
      @Override public String line() { return line; }
      @Override public int cursor() { return line.length(); }
    };
    completer.complete(reader, parsed, candidates);
    return candidates.stream().map(Candidate::value).filter(v -> v.startsWith(word)).toList();
  }
}
