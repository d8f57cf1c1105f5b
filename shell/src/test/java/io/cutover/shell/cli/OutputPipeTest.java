package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Results into pipes ({@code -o |cmd}, {@code \o |cmd}, {@code \g |cmd}) and {@code \g (options)} (issue 16). */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class OutputPipeTest {

  static TestDatabase db;

  @TempDir
  Path dir;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  private ShellRun.Result script(String text) {
    return ShellRun.on(db).in(dir).script(dir.resolve("s.sql"), text).run();
  }

  @Test
  void slashOToAPipeSendsResultsThroughTheCommandUntilClosed() throws Exception {
    var r = script("\\o | tr a-z A-Z\nselect 'piped' as p;\n\\o\n\\echo after\n");
    assertEquals("", r.err());
    assertEquals("   P   \n-------\n PIPED\n(1 ROW)\n\nafter\n", r.out());
    assertTrue(Files.notExists(dir.resolve("| tr a-z A-Z")));
  }

  @Test
  void slashGToAPipeSendsOneQuery() throws Exception {
    var r = script("select 3 as three \\g | tr a-z A-Z\nselect 4 as four;\n");
    assertEquals(" THREE \n-------\n     3\n(1 ROW)\n\n four \n------\n    4\n(1 row)\n\n", r.out());
  }

  @Test
  void outputOptionTakesAPipe() {
    var r = ShellRun.on(db).in(dir).args("-o", "|tr a-z A-Z", "-c", "select 'x' as y").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals(" Y \n---\n X\n(1 ROW)\n\n", r.out());
  }

  @Test
  void slashGWithOptionsFormatsOneQueryThenRestoresTheSettings() throws Exception {
    var r = script("select 1 as one, 2 as two \\g (format=csv)\n"
        + "select 5 as five \\g (format=unaligned tuples_only=on) g5.txt\nselect 4 as four;\n");
    assertEquals("", r.err());
    assertEquals("one,two\n1,2\n four \n------\n    4\n(1 row)\n\n", r.out());
    assertEquals("5\n", Files.readString(dir.resolve("g5.txt")));
  }

  @Test
  void aPipeToAMissingCommandReportsTheShellsErrorAndTheSessionGoesOn() throws Exception {
    var r = script("\\o |nonexistent_cmd_xyz\nselect 6;\n\\o\n\\echo end\n");
    assertEquals(0, r.status(), r.toString());
    assertEquals("end\n", r.out());
    assertTrue(r.err().contains("nonexistent_cmd_xyz: not found"), r.err());
  }
}
