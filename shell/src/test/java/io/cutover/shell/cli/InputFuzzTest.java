package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and hostile input through the real main: random text, unterminated quotes, dollar quotes
 * and comments, deep nesting, a 1 MB statement, random backslash commands and arguments. The shell
 * must never throw past its loop, never hang, and answer the next statement.
 */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class InputFuzzTest {

  private static final Set<Integer> EXIT_STATUSES = Set.of(0, 1, 2, 3);
  private static final String[] FRAGMENTS = {"select", " ", "'", "\"", "$$", "$tag$", "--", "/*", "*/", "(", ")", ";",
      "\\", "\\echo", "\\set", "\\pset", "\\g", "\\i", "\\x", ":", ":'", ":\"", "E'\\'", "U&'", "\n", "\t", "1", "x",
      "from", "pg_sleep", "é", "\u0000", "\u001b[A", "\r", "%", "?", "{", "}"};
  private static final String[] COMMANDS = {"\\echo", "\\set", "\\unset", "\\pset", "\\x", "\\timing", "\\d", "\\dt",
      "\\di", "\\dn", "\\l", "\\conninfo", "\\p", "\\r", "\\g", "\\i", "\\ir", "\\o", "\\c", "\\?", "\\nosuch"};
  private static final String[] WORDS = {"on", "off", "format", "json", "aligned", "border", "-1", "99999999999999999999",
      "'unterminated", "\"quoted name\"", "`echo hi`", ":var", "--flag", "=", "*", "%", "../../etc/passwd", "null", ""};

  static TestDatabase db;
  /** Where \\o, \\g and \\i with random file names write and read. */
  @TempDir
  static Path workingDirectory;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  @Test
  void randomTextNeverBreaksTheShell() throws Exception {
    Random random = new Random(20261121);
    for (int i = 0; i < 150; i++) {
      StringBuilder input = new StringBuilder();
      for (int n = random.nextInt(40); n > 0; n--) {
        input.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      }
      assertSurvives(input.toString());
    }
  }

  @Test
  void randomBackslashCommandsAnswerWithAnErrorOrAResult() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 150; i++) {
      StringBuilder line = new StringBuilder(COMMANDS[random.nextInt(COMMANDS.length)]);
      for (int n = random.nextInt(4); n > 0; n--) {
        line.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
      }
      assertSurvives(line + "\n");
    }
  }

  @Test
  void unterminatedAndDeepInputEndsCleanly() throws Exception {
    for (String input : List.of("select 'never closed", "select $x$ never closed", "select /* /* nested */ still open",
        "select \"no end", "(".repeat(20_000) + "select 1" + ")".repeat(20_000) + ";",
        "/*".repeat(10_000) + "*/".repeat(10_000) + "select 1;", "select '" + "x".repeat(1 << 20) + "' as big;",
        "\\echo " + "'".repeat(1001), "select 1 \\g " + "x".repeat(5000))) {
      assertSurvives(input);
    }
  }

  /** The input, then a statement on a line of its own: the shell ends normally and answers it when it can. */
  private static void assertSurvives(String input) throws Exception {
    String sentinel = "\n;\n\\echo still-alive\n";
    ShellRun.Result r = CompletableFuture.supplyAsync(() -> ShellRun.on(db).in(workingDirectory).args("-q").stdin(input + sentinel).run())
        .get(60, TimeUnit.SECONDS);
    String where = "input: " + printable(input) + "\n" + r;
    assertTrue(EXIT_STATUSES.contains(r.status()), where);
    assertFalse(r.err().contains("\tat io.cutover") || r.err().contains("Exception in thread"), where);
    assertFalse(r.err().contains("NullPointerException") || r.err().contains("IndexOutOfBounds"), where);
    if (!leavesSomethingOpen(input)) {
      assertTrue(r.out().contains("still-alive"), where);
    }
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "select 1").run().status());
  }

  /** Whether the input may leave a quote or comment open, which swallows what follows (as in psql). */
  private static boolean leavesSomethingOpen(String input) {
    return input.contains("'") || input.contains("\"") || input.contains("$") || input.contains("/*")
        || input.contains("\\o") || input.contains("\\g") || input.contains("\\c") || input.contains("\\i");
  }

  private static String printable(String input) {
    String s = input.length() > 300 ? input.substring(0, 300) + "…(" + input.length() + " chars)" : input;
    return s.replace("\u0000", "\\0").replace("\u001b", "\\e");
  }
}
