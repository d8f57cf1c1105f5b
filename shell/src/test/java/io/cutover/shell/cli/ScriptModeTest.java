package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts as psql runs them: -c, -f, stdin, ON_ERROR_STOP and the exit statuses. */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class ScriptModeTest {

  static TestDatabase db;

  @TempDir
  Path dir;

  @BeforeAll
  static void createDatabase(TestDatabase database) throws Exception {
    db = database;
    db.execute("create table t (id int primary key, name text)", "insert into t values (1, 'one'), (2, 'two')");
  }

  private Path file(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void commandPrintsAnAlignedTableLikePsql() {
    var r = ShellRun.on(db).args("-c", "select id, name from t order by id").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals(" id | name \n----+------\n  1 | one\n  2 | two\n(2 rows)\n\n", r.out());
  }

  @Test
  void failedCommandExitsWithOneAndShowsTheCaret() {
    var r = ShellRun.on(db).args("-c", "select nosuch from t").run();
    assertEquals(1, r.status());
    assertEquals("ERROR:  column \"nosuch\" does not exist\nLINE 1: select nosuch from t\n"
        + "               ^\n", r.err());
  }

  @Test
  void errorInFileContinuesAndExitsZeroWithoutOnErrorStop() throws Exception {
    Path f = file("e.sql", "select 1 as a;\nselect\n  nosuch;\nselect 2 as b;\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertEquals(0, r.status());
    assertTrue(r.out().contains(" b \n---\n 2\n"), r.toString());
    assertTrue(r.err().startsWith("cutover:" + f + ":3: ERROR:  column \"nosuch\" does not exist\n"
        + "LINE 2:   nosuch;\n          ^\n"), r.err());
  }

  @Test
  void onErrorStopEndsTheFileWithThree() throws Exception {
    Path f = file("e.sql", "select 1 as a;\nselect nosuch;\nselect 2 as b;\n");
    var r = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-f", f.toString()).run();
    assertEquals(3, r.status());
    assertFalse(r.out().contains(" b "), r.out());
  }

  @Test
  void onErrorStopAppliesToPipedInputWithoutAFilePrefix() {
    var r = ShellRun.on(db).args("-v", "ON_ERROR_STOP=on").stdin("select nosuch;\nselect 2 as b;\n").run();
    assertEquals(3, r.status());
    assertTrue(r.err().startsWith("ERROR:  column \"nosuch\" does not exist\n"), r.err());
    assertFalse(r.out().contains(" b "));
  }

  @Test
  void commandsAndFilesRunInTheOrderGiven() throws Exception {
    Path f = file("mid.sql", "\\echo from-file\n");
    var r = ShellRun.on(db).args("-c", "\\echo first", "-f", f.toString(), "-c", "\\echo last").run();
    assertEquals("first\nfrom-file\nlast\n", r.out());
  }

  @Test
  void restrictRefusesOtherBackslashCommandsUntilUnrestrictWithItsKey() throws Exception {
    Path f = file("r.sql", "\\restrict abc\n\\echo hi\nselect 1 as x;\n\\unrestrict wrong\n\\unrestrict abc\n"
        + "\\echo back\n\\unrestrict abc\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertEquals(0, r.status(), r.toString());
    assertEquals(" x \n---\n 1\n(1 row)\n\nback\n", r.out());
    assertEquals("cutover:" + f + ":2: backslash commands are restricted; only \\unrestrict is allowed\n"
        + "cutover:" + f + ":4: \\unrestrict: wrong key\n"
        + "cutover:" + f + ":7: \\unrestrict: not currently in restricted mode\n", r.err());
  }

  @Test
  void aNoticeRaisedBeforeAnErrorIsPrintedBeforeIt() {
    var r = ShellRun.on(db).args("-c", "do $$ begin raise notice 'first'; raise exception 'boom'; end $$").run();
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.err().startsWith("NOTICE:  first\nERROR:  boom\n"), r.err());
  }

  @Test
  void nonAsciiTextPrintsAsItsBytesUnderTheCLocale() throws Exception {
    Path f = file("utf8.sql", "select 'Bø ✓' as v;\n");
    try (ShellProcess shell = ShellProcess.start(db, java.util.Map.of("LC_ALL", "C", "LANG", "C"),
        "-A", "-t", "-f", f.toString())) {
      assertEquals(0, shell.waitFor(), shell.output());
      assertEquals("Bø ✓\n", shell.output());
    }
  }

  @Test
  void missingFileIsFatal() {
    var r = ShellRun.on(db).args("-f", dir.resolve("nope.sql").toString()).run();
    assertEquals(1, r.status());
    assertTrue(r.err().contains("nope.sql: No such file or directory"), r.err());
  }

  @Test
  void badOptionIsFatalAndPointsToHelp() {
    var r = ShellRun.on(db).args("--no-such-option").run();
    assertEquals(1, r.status());
    assertTrue(r.err().contains("Try \"cutover --help\""), r.err());
  }

  @Test
  void unreachableServerExitsWithTwo() {
    var r = ShellRun.bare().args("-X", "-c", "select 1", "postgresql://postgres@localhost:1/postgres").run();
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("cutover: error: connection to server at \"localhost\", port 1 failed"), r.err());
  }

  @Test
  void includeNestsAndIncludeRelativeResolvesAgainstTheScript() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("sub"));
    Files.writeString(sub.resolve("inner.sql"), "\\echo inner\n\\ir leaf.sql\n");
    Files.writeString(sub.resolve("leaf.sql"), "select 'leaf' as where_am_i;\n");
    Path outer = file("outer.sql", "\\echo outer\n\\i " + sub.resolve("inner.sql") + "\n\\echo back\n");
    var r = ShellRun.on(db).args("-f", outer.toString()).run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().startsWith("outer\ninner\n where_am_i \n------------\n leaf\n"), r.out());
    assertTrue(r.out().endsWith("back\n"), r.out());
  }

  @Test
  void errorInsideAnIncludedFileStopsEverythingWithOnErrorStop() throws Exception {
    Path inner = file("inner.sql", "select nosuch;\n");
    Path outer = file("outer.sql", "\\i " + inner + "\n\\echo after\n");
    var r = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-f", outer.toString()).run();
    assertEquals(3, r.status());
    assertTrue(r.err().startsWith("cutover:" + inner + ":1: ERROR:"), r.err());
    assertFalse(r.out().contains("after"));
  }

  @Test
  void aFileIncludingItselfFailsClearly() throws Exception {
    Path f = dir.resolve("loop.sql");
    Files.writeString(f, "\\i " + f + "\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertTrue(r.err().contains("nested more than 64 deep"), r.err());
  }

  @Test
  void variablesInterpolateAsLiteralsAndIdentifiersButNotInsideStrings() {
    var r = ShellRun.on(db).args("-v", "name=it's", "-v", "col=My Col", "-v", "n=2")
        .stdin("select :'name' as :\"col\", ':n' as quoted, :n as n;\n").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains(" My Col | quoted | n \n--------+--------+---\n it's   | :n     | 2\n"), r.out());
  }

  @Test
  void setAndEchoAndRowCount() {
    var r = ShellRun.on(db).stdin("\\set greeting hello\n\\echo :greeting\nselect * from t;\n\\echo :ROW_COUNT :ERROR\n"
        + "select nosuch;\n\\echo :ERROR :SQLSTATE\n").run();
    assertTrue(r.out().startsWith("hello\n"), r.out());
    assertTrue(r.out().contains("2 false\n"), r.out());
    assertTrue(r.out().endsWith("true 42703\n"), r.out());
  }

  @Test
  void commandTagsAreShownUnlessQuiet() {
    var r = ShellRun.on(db).stdin("create temp table x (a int);\ninsert into x values (1), (2);\n"
        + "update x set a = a;\ndelete from x where a = 1;\nbegin;\ncommit;\ndrop table x;\n").run();
    assertEquals("CREATE TABLE\nINSERT 0 2\nUPDATE 2\nDELETE 1\nBEGIN\nCOMMIT\nDROP TABLE\n", r.out());
    var quiet = ShellRun.on(db).args("-q").stdin("create temp table x (a int);\n").run();
    assertEquals("", quiet.out());
  }

  @Test
  void noticesGoToStandardError() {
    var r = ShellRun.on(db).args("-c", "do $$ begin raise notice 'hello %', 1; end $$").run();
    assertEquals("DO\n", r.out());
    assertEquals("NOTICE:  hello 1\n", r.err());
  }

  @Test
  void outputFormats() {
    var csv = ShellRun.on(db).args("-q", "-c", "\\pset format csv", "-c", "select id, name from t order by id").run();
    assertEquals("id,name\n1,one\n2,two\n", csv.out());
    var json = ShellRun.on(db).args("-q", "-c", "\\pset format json", "-c", "select id, name, null as n from t order by id").run();
    assertEquals("[ {\n  \"id\" : 1,\n  \"name\" : \"one\",\n  \"n\" : null\n}, {\n  \"id\" : 2,\n  \"name\" : \"two\",\n"
        + "  \"n\" : null\n} ]\n", json.out());
    var unaligned = ShellRun.on(db).args("-q", "-c", "\\pset format unaligned", "-c", "select id, name from t order by id").run();
    assertEquals("id|name\n1|one\n2|two\n(2 rows)\n", unaligned.out());
    var expanded = ShellRun.on(db).args("-q", "-c", "\\x", "-c", "select id, name from t where id = 1").run();
    assertEquals("-[ RECORD 1 ]\nid   | 1\nname | one\n\n", expanded.out());
    var nulls = ShellRun.on(db).args("-q", "-c", "\\pset null (null)", "-c", "select null::int as v").run();
    assertEquals(" v \n--------\n (null)\n(1 row)\n\n".replace(" v \n--------", "   v    \n--------"), nulls.out());
  }

  @Test
  void outputCanBeRedirectedToAFile() throws Exception {
    Path out = dir.resolve("out.txt");
    var r = ShellRun.on(db).stdin("\\o " + out + "\nselect 1 as a;\n\\o\nselect 2 as b;\n").run();
    assertEquals(" a \n---\n 1\n(1 row)\n\n", Files.readString(out));
    assertEquals(" b \n---\n 2\n(1 row)\n\n", r.out());
  }

  @Test
  void goSendsTheBufferAndRepeatsThePreviousQuery() {
    var r = ShellRun.on(db).stdin("select 41 + 1 as answer\n\\g\n\\g\n").run();
    assertEquals(" answer \n--------\n     42\n(1 row)\n\n".repeat(2), r.out());
  }

  @Test
  void unknownCommandSuggestsTheNearestAndTheShellGoesOn() {
    var r = ShellRun.on(db).stdin("\\echoo hi\n\\echo still here\n").run();
    assertEquals(0, r.status());
    assertEquals("invalid command \\echoo (did you mean \\echo?)\nTry \\? for help.\n", r.err());
    assertEquals("still here\n", r.out());
  }

  @Test
  void badArgumentsSayWhatWasExpected() {
    var r = ShellRun.on(db).stdin("\\pset format xml\n\\timing maybe\n\\x on\n").run();
    assertTrue(r.err().contains("\\pset: allowed formats are aligned, asciidoc, csv, html, latex, latex-longtable, troff-ms,"
        + " unaligned, wrapped, json"), r.err());
    assertTrue(r.err().contains("\\timing: unrecognized value \"maybe\": Boolean expected\nHINT:  usage: \\timing [on|off]"),
        r.err());
    assertEquals("Expanded display is on.\n", r.out());
  }

  @Test
  void echoAllShowsEachLineOfTheScript() throws Exception {
    Path f = file("a.sql", "select 1 as a;\n");
    var r = ShellRun.on(db).args("-a", "-f", f.toString()).run();
    assertTrue(r.out().startsWith("select 1 as a;\n a \n"), r.out());
  }

  @Test
  void echoAllSkipsEmptyLinesOutsideQuotesAsPsqlDoes() throws Exception {
    Path f = file("blank.sql", "\\if false\n\n\\endif\n\nselect length('a\n\nb') as n;\n\n");
    var r = ShellRun.on(db).args("-a", "-f", f.toString()).run();
    assertEquals("\\if false\n\\endif\nselect length('a\n\nb') as n;\n n \n---\n 4\n(1 row)\n\n", r.out());
  }

  @Test
  void helpListsEveryCoreCommandWithASummary() {
    var r = ShellRun.on(db).args("-c", "\\?").run();
    for (String c : new String[] {"\\q", "\\?", "\\i FILE", "\\ir FILE", "\\echo", "\\set", "\\unset", "\\timing",
        "\\x", "\\pset", "\\o", "\\conninfo", "\\c ", "\\d[+] ", "\\dt", "\\di", "\\dn", "\\dv", "\\l", "\\g", "\\watch"}) {
      assertTrue(r.out().contains("  " + c), c + " missing from \\?:\n" + r.out());
    }
  }

  @Test
  void describeShowsColumnsAndIndexes() {
    var r = ShellRun.on(db).args("-c", "\\d t").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("Table \"public.t\""), r.out());
    assertTrue(r.out().contains(" id     | integer |           | not null | "), r.out());
    assertTrue(r.out().contains("Indexes:\n    \"t_pkey\" PRIMARY KEY, btree (id)"), r.out());
    var list = ShellRun.on(db).args("-c", "\\dt").run();
    assertTrue(list.out().contains(" public | t    | table | "), list.out());
  }

  @Test
  void watchRunsTheQueryAGivenNumberOfTimes() {
    var r = ShellRun.on(db).stdin("select 7 as seven \\watch 0 c=3\n").run();
    assertEquals(3, r.out().split(" seven ", -1).length - 1, r.out());
  }

  @Test
  void transactionsWorkAsTyped() throws Exception {
    var r = ShellRun.on(db).stdin("begin;\ninsert into t values (3, 'three');\nrollback;\n"
        + "begin;\ninsert into t values (4, 'four');\ncommit;\n").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("4", db.value("select string_agg(id::text, ',') from t where id > 2"));
    db.execute("delete from t where id > 2");
  }

  /** psql's output options, clustered as scripts write them ({@code psql -At -c ...}). */
  @Test
  void outputOptionsAsPsqlSpellsThem() throws Exception {
    String q = "select id, name from t order by id";
    assertEquals("1|one\n2|two\n", ShellRun.on(db).args("-At", "-c", q).run().out());
    assertEquals("1,one\n2,two\n", ShellRun.on(db).args("-A", "-t", "-F", ",", "-c", q).run().out());
    assertEquals("id,name\n1,one\n2,two\n", ShellRun.on(db).args("--csv", "-c", q).run().out());
    assertEquals("1\tone\n2\ttwo\n", ShellRun.on(db).args("-At", "-F", "\t", "-c", q).run().out());
    assertEquals("-[ RECORD 1 ]\nid   | 1\nname | one\n\n", ShellRun.on(db).args("-x", "-c", q + " limit 1").run().out());
    assertEquals("(nothing)\n", ShellRun.on(db).args("-At", "-P", "null=(nothing)", "-c", "select null").run().out());
    assertEquals("it's\n", ShellRun.on(db).args("-At", "-P", "null=it's", "-c", "select null").run().out());
    Path out = dir.resolve("result.txt");
    var r = ShellRun.on(db).args("-At", "-o", out.toString(), "-c", q).run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("", r.out());
    assertEquals("1|one\n2|two\n", Files.readString(out));
    var bad = ShellRun.on(db).args("-P", "colour=red", "-c", q).run();
    assertTrue(bad.err().contains("unknown option: colour"), bad.toString());
  }

  @Test
  void timingGoesToStandardOutputWhenResultsGoToAFile() throws Exception {
    Path out = dir.resolve("rows.txt");
    var r = ShellRun.on(db).stdin("\\timing on\nselect 1 as one \\g " + out + "\n").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("Time: "), r.out());
    assertFalse(Files.readString(out).contains("Time: "), Files.readString(out));
    assertTrue(Files.readString(out).contains("one"), Files.readString(out));
  }

  @Test
  void singleTransactionCommitsAllOrNothing() throws Exception {
    Path ok = file("ok.sql", "insert into t values (10, 'ten');\ninsert into t values (11, 'eleven');\n");
    assertEquals(0, ShellRun.on(db).args("-1", "-f", ok.toString()).run().status());
    assertEquals("10,11", db.value("select string_agg(id::text, ',' order by id) from t where id >= 10"));
    Path bad = file("bad.sql", "insert into t values (12, 'twelve');\ninsert into t values (10, 'again');\n");
    var r = ShellRun.on(db).args("-1", "-v", "ON_ERROR_STOP=1", "-f", bad.toString()).run();
    assertEquals(3, r.status(), r.toString());
    assertEquals("10,11", db.value("select string_agg(id::text, ',' order by id) from t where id >= 10"));
    db.execute("delete from t where id >= 10");
  }
}
