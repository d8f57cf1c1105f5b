package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code \if \elif \else \endif} as psql runs them: nothing in a false branch runs, {@code \q} included (issue 16). */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class ConditionalTest {

  static TestDatabase db;

  @TempDir
  Path dir;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  private ShellRun.Result script(String text, String... options) {
    return ShellRun.on(db).args(options).script(dir.resolve("if.sql"), text).run();
  }

  @Test
  void onlyTheFirstTrueBranchRunsAndNestedConditionalsFollowIt() throws Exception {
    var r = script("\\if false\n  \\echo no\n  select 'no' as x;\n  \\q\n\\elif true\n  \\echo yes\n"
        + "  \\if off\n    \\echo nested-no\n  \\else\n    \\echo nested-yes\n  \\endif\n\\else\n  \\echo no2\n\\endif\n"
        + "\\if false\n  \\if true\n    \\echo inside-false\n  \\else\n    \\echo else-inside-false\n  \\endif\n"
        + "\\endif\n\\echo end\n");
    assertEquals("", r.err());
    assertEquals("yes\nnested-yes\nend\n", r.out());
  }

  @Test
  void textReadInABranchNotTakenIsDiscardedButTextBeforeTheIfStays() throws Exception {
    var r = script("\\if false\ncopy t from stdin;\n1\tone\n\\.\n\\endif\nselect 1 as one\n\\if false\n\\endif\n;\n");
    // psql reports the \. it reads as a command, as it reads no COPY data there.
    assertEquals("cutover:" + dir.resolve("if.sql") + ":4: invalid command \\.\n", r.err());
    assertEquals(" one \n-----\n   1\n(1 row)\n\n", r.out());
  }

  @Test
  void variablesDecideAndAnInvalidValueIsAnErrorTakenAsFalse() throws Exception {
    var r = script("\\set flag on\n\\if :flag\n  \\echo flag-on\n\\endif\n\\if maybe\n  \\echo invalid-true\n"
        + "\\else\n  \\echo invalid-else\n\\endif\n");
    assertEquals("flag-on\ninvalid-else\n", r.out());
    assertEquals("cutover:" + dir.resolve("if.sql") + ":5: unrecognized value \"maybe\" for \"\\if expression\": "
        + "Boolean expected\n", r.err());
  }

  @Test
  void misplacedBranchesAndAnUnclosedIfAreErrors() throws Exception {
    var r = script("\\elif true\n\\else\n\\endif\n\\if 1\n\\else\n\\else\n\\endif\n\\if true\n");
    String f = "cutover:" + dir.resolve("if.sql");
    assertEquals(f + ":1: \\elif: no matching \\if\n" + f + ":2: \\else: no matching \\if\n"
        + f + ":3: \\endif: no matching \\if\n" + f + ":6: \\else: cannot occur after \\else\n"
        + f + ":8: reached EOF without finding closing \\endif(s)\n", r.err());
    assertEquals(0, r.status());
  }

  @Test
  void anUnclosedIfStopsTheScriptWithOnErrorStop() throws Exception {
    var r = script("\\if true\n\\echo in\n", "-v", "ON_ERROR_STOP=1");
    assertEquals(3, r.status(), r.toString());
  }

  @Test
  void aParenthesisOpenedInABranchNotTakenIsForgottenWithItsText() throws Exception {
    var r = script("select\n\\if true\n  42\n\\else\n  (bogus\n\\endif\n  as forty_two;\n\\echo after\n");
    assertEquals("", r.err());
    assertEquals(" forty_two \n-----------\n        42\n(1 row)\n\nafter\n", r.out());
  }

  @Test
  void aBranchNotTakenReportsUnknownCommandsAndWholeLineArgumentsHideBackslashes() throws Exception {
    var r = script("\\if false\n\\lo x\n\\lo_list\n\\dconfig\n\\! echo \\endif\n\\w |cat \\else\n\\else\n"
        + "\\echo else-taken\n\\endif\n");
    assertEquals("cutover:" + dir.resolve("if.sql") + ":2: invalid command \\lo\n", r.err());
    assertEquals("else-taken\n", r.out());
  }
}
