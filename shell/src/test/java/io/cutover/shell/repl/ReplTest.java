package io.cutover.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.TerminalShell;
import io.cutover.shell.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive shell driven through a JLine terminal, keystroke by keystroke. */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class ReplTest {

  static TestDatabase db;

  @TempDir
  Path home;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  /** A shell on a terminal of this test's database and home directory. */
  final class Session extends TerminalShell {
    Session(String... options) throws IOException {
      super(db, home, options);
    }
  }

  @Test
  void copyFromStdinAtThePromptReadsDataLinesAfterTheHintUpToBackslashDot() throws Exception {
    String name = db.name();
    try (Session s = new Session()) {
      int at = s.await(name + "=# ", 0);
      s.type("create table typed (b text);\r");
      at = s.await("CREATE TABLE", at);
      s.type("copy typed from stdin;\r");
      at = s.await("Enter data to be copied followed by a newline.\n"
          + "End with a backslash and a period on a line by itself, or an EOF signal.\n>> ", at);
      s.type("it's\r");
      at = s.await(">> ", at);
      s.type("\\.\r");
      at = s.await("COPY 1", at);
      s.await(name + "=# ", at);
    }
    // Read back from another session: the screen emulation redraws a line typed under load out of order, the data
    // does not depend on it (COPY TO STDOUT's rows are CopyTest's).
    assertEquals("it's", db.value("select b from typed"));
  }

  @Test
  void onErrorRollbackInteractiveKeepsATransactionTypedAtThePrompt() throws Exception {
    String name = db.name();
    try (Session s = new Session()) {
      int at = s.await(name + "=# ", 0);
      s.type("\\set ON_ERROR_ROLLBACK interactive\r");
      at = s.await(name + "=# ", at);
      s.type("begin;\r");
      at = s.await(name + "=*# ", at);
      s.type("select nosuch;\r");
      at = s.await("ERROR:", at);
      at = s.await(name + "=*# ", at);
      s.type("select 'kept' as t;\r");
      at = s.await(" kept\n", at);
      s.type("rollback;\r");
      s.await(name + "=# ", at);
    }
  }

  @Test
  void promptsShowWhatIsOpenAndTheTransaction() throws Exception {
    String name = db.name();
    try (Session s = new Session()) {
      int at = s.await(name + "=# ", 0);
      s.type("select\r");
      at = s.await(name + "-# ", at);
      s.type("42 as answer;\r");
      at = s.await("answer", at);
      at = s.await("42", at);
      at = s.await(name + "=# ", at);
      s.type("select 'a\r");
      at = s.await(name + "'# ", at);
      s.type("b' as q;\r");
      at = s.await(" q \n---\n a+\n b\n", at);
      s.type("select $$x\r");
      at = s.await(name + "$# ", at);
      s.type("$$;\r");
      at = s.await("(1 row)", at);
      s.type("select /* c\r");
      at = s.await(name + "*# ", at);
      s.type("*/ (1\r");
      at = s.await(name + "(# ", at);
      s.type(");\r");
      at = s.await("(1 row)", at);
      s.type("begin;\r");
      at = s.await(name + "=*# ", at);
      s.type("select nosuch;\r");
      at = s.await(name + "=!# ", at);
      s.type("rollback;\r");
      s.await(name + "=# ", at);
      s.type("\\q\r");
      assertEquals(0, s.status.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void ctrlCCancelsTheRunningStatementAndTheShellCarriesOn() throws Exception {
    try (Session s = new Session()) {
      int at = s.await(db.name() + "=# ", 0);
      s.type("select pg_sleep(30);\r");
      s.waitFor(() -> {
        try {
          return !db.column("select pid from pg_stat_activity where state = 'active' and query like 'select pg_sleep(30)%'")
              .isEmpty();
        } catch (Exception e) {
          return false;
        }
      }, "pg_sleep(30) to run on the server");
      // What the kernel does on a real terminal when Ctrl-C is typed while a statement runs.
      s.terminal.get().raise(Terminal.Signal.INT);
      at = s.await("Cancel request sent", at);
      at = s.await("ERROR:  canceling statement due to user request", at);
      s.await(db.name() + "=# ", at);
      s.type("select 'alive' as still;\r");
      s.await("alive", at);
      assertTrue(db.column("select pid from pg_stat_activity where query like 'select pg_sleep(30)%' and state = 'active'")
          .isEmpty(), "the server still runs the statement");
    }
  }

  /** Safety issue 5: \q at the prompt does not cut off background work without asking. */
  @Test
  void quitAsksBeforeStoppingBackgroundWork() throws Exception {
    db.execute("drop table if exists linger_log");
    try (Session s = new Session()) {
      int at = s.await(db.name() + "=# ", 0);
      s.type("\\linger\r");
      s.waitFor(() -> events().contains("started"), "the background work to start");
      s.type("\\q\r");
      at = s.await("Background work is running: linger (running for ", at);
      at = s.await("Stop it and quit? (type yes to confirm)", at);
      s.type("no\r");
      at = s.await("not confirmed", at);
      at = s.await(db.name() + "=# ", at);
      assertFalse(s.status.isDone(), "the shell left");
      assertFalse(events().contains("stopped"), events().toString());
      s.type("\\q\r");
      at = s.await("Stop it and quit? (type yes to confirm)", at);
      s.type("yes\r");
      assertEquals(0, s.status.get(30, TimeUnit.SECONDS));
    }
    assertEquals(java.util.List.of("started", "stopped"), events());
  }

  /** --yes never stops work unasked: \q waits for it, as a script does. */
  @Test
  void quitWithYesWaitsForBackgroundWork() throws Exception {
    db.execute("drop table if exists linger_log");
    try (Session s = new Session("--yes")) {
      int at = s.await(db.name() + "=# ", 0);
      s.type("\\linger\r");
      s.waitFor(() -> events().contains("started"), "the background work to start");
      s.type("\\q\r");
      // Without its first letter: the emulated terminal's pump thread carries JLine's last escape
      // sequence after the shell has printed beside it, and the screen can lose the line's first
      // character to it (a race of this test terminal, not of a real one).
      s.await("aiting for background work to finish: linger (running for ", at);
      assertFalse(s.status.isDone(), "the shell left");
      db.execute("insert into linger_log values ('release')");
      assertEquals(0, s.status.get(30, TimeUnit.SECONDS));
    }
    assertEquals(java.util.List.of("started", "release", "finished"), events());
  }

  private static java.util.List<String> events() {
    try {
      return db.column("select event from linger_log");
    } catch (java.sql.SQLException e) {
      return java.util.List.of();
    }
  }

  @Test
  void ctrlDAtAnEmptyPromptQuits() throws Exception {
    try (Session s = new Session()) {
      int at = s.await(db.name() + "=# ", 0);
      s.type("select 'before' as b;\r");
      // At the prompt again, not while the result prints: "before" shows first as the typed line's
      // echo, and a Ctrl-D typed while the terminal is back in cooked mode is the tty's end-of-file.
      at = s.await("(1 row)", at);
      s.await(db.name() + "=# ", at);
      s.type("\u0004");
      assertEquals(0, s.status.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void historyIsPrivateAndKeepsNoPasswords() throws Exception {
    try (Session s = new Session()) {
      int at = s.await(db.name() + "=# ", 0);
      s.type("select 'remember me' as r;\r");
      at = s.await("remember me", at);
      s.type("select 'my password is hunter2' as p;\r");
      at = s.await("hunter2", at + 1);
      s.type("\\q\r");
      s.status.get(30, TimeUnit.SECONDS);
    }
    Path history = home.resolve(".cutover/history");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(history)));
    String saved = Files.readString(history);
    assertTrue(saved.contains("remember me"), saved);
    assertFalse(saved.contains("hunter2"), saved);
  }

  @Test
  void tabCompletesBackslashCommands() throws Exception {
    try (Session s = new Session()) {
      int at = s.await(db.name() + "=# ", 0);
      s.type("\\conni\t");
      s.await("\\conninfo", at);
      s.type("\r");
      s.await("You are connected to database \"" + db.name() + "\"", at);
    }
  }
}
