package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** COPY FROM STDIN / TO STDOUT and {@code \copy}, as psql runs them (issue 16). */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class CopyTest {

  static TestDatabase db;

  @TempDir
  Path dir;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  private Path file(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void copyFromStdinInAScriptTakesTheLinesUpToBackslashDotAsData() throws Exception {
    Path f = file("in.sql", "create temp table c (a int, b text);\ncopy c from stdin;\n1\tone\n2\ttwo\n\\.\n"
        + "select a, b from c order by a;\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("", r.err());
    assertEquals("CREATE TABLE\nCOPY 2\n a |  b  \n---+-----\n 1 | one\n 2 | two\n(2 rows)\n\n", r.out());
  }

  @Test
  void copyToStdoutPrintsTheDataWithoutATagAndKeepsTheConnection() {
    var r = ShellRun.on(db).args("-c", "copy (select 1 as a, 'x y' as b union all select 2, null) to stdout",
        "-c", "select 'still here' as s").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("1\tx y\n2\t\\N\n     s      \n------------\n still here\n(1 row)\n\n", r.out());
  }

  @Test
  void copyToStdoutAmongOtherStatementsOfACommandKeepsTheConnection() {
    var r = ShellRun.on(db).args("-c", "select 1 as a; copy (select 2) to stdout", "-c", "select 3 as b").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals(" a \n---\n 1\n(1 row)\n\n2\n b \n---\n 3\n(1 row)\n\n", r.out());
  }

  @Test
  void aProgramThatIsNotThereIsReportedAsPsqlDoes() throws Exception {
    Path f = file("noprog.sql", "\\copy (select 1) to program 'nonexistent_program_for_copy'\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertTrue(r.err().endsWith("cutover:" + f + ":1: \\copy: nonexistent_program_for_copy: command not found\n"),
        r.err());
    assertTrue(!r.err().contains("could not transfer"), r.err());
  }

  /** psql sends a -c string as one query: the server runs it in one transaction and stops at the first error. */
  @Test
  void aCopyAmongStatementsOfOneCommandIsInItsOneTransaction() throws Exception {
    db.execute("create table one_query (a int)");
    var r = ShellRun.on(db).args("-c", "insert into one_query values (1); copy one_query from stdin; select nosuch; "
        + "insert into one_query values (9)").stdin("7\n8\n\\.\n").run();
    assertEquals(1, r.status(), r.toString());
    assertEquals("INSERT 0 1\nCOPY 2\n", r.out());
    assertTrue(r.err().startsWith("ERROR:  column \"nosuch\" does not exist\n"), r.err());
    assertEquals(List.of(), db.column("select a from one_query"));
    r = ShellRun.on(db).args("-c", "copy one_query from stdin; insert into one_query values (9)").stdin("7\n\\.\n").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals(List.of("7", "9"), db.column("select a from one_query order by a"));
  }

  @Test
  void copyFromStdinInACommandReadsStandardInput() throws Exception {
    db.execute("create table from_stdin (a int)");
    var r = ShellRun.on(db).args("-c", "copy from_stdin from stdin").stdin("7\n8\n\\.\nselect 1;\n").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("COPY 2\n", r.out());
    assertEquals(List.of("7", "8"), db.column("select a from from_stdin order by a"));
  }

  @Test
  void aBadRowFailsTheCopyAtItsEndAndNoDataLineRunsAsSql() throws Exception {
    Path f = file("bad.sql", "create temp table c (a int);\ncopy c from stdin;\n1\nx\ndrop table c\n\\.\n"
        + "select count(*) as n from c;\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("cutover:" + f + ":6: ERROR:  invalid input syntax for type integer: \"x\"\n"
        + "CONTEXT:  COPY c, line 2, column a: \"x\"\n", r.err());
    assertEquals("CREATE TABLE\n n \n---\n 0\n(1 row)\n\n", r.out());
  }

  @Test
  void aCopyTheServerRefusesStillConsumesItsData() throws Exception {
    Path f = file("refused.sql", "copy no_such_table from stdin;\n1\tone\n\\.\nselect 'after' as a;\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertEquals(0, r.status(), r.toString());
    // Reported where its data ended, as for a COPY that failed on a row.
    assertEquals("cutover:" + f + ":3: ERROR:  relation \"no_such_table\" does not exist\n", r.err());
    assertEquals("   a   \n-------\n after\n(1 row)\n\n", r.out());
  }

  @Test
  void slashCopyReadsAndWritesFilesStdinAndStdout() throws Exception {
    Path data = file("in.tsv", "1\tx\n2\ty\n");
    Path out = dir.resolve("out.tsv");
    Path f = file("slash.sql", "create temp table c (a int, b text);\n"
        + "\\copy c from '" + data + "'\n"
        + "\\copy c (a, b) from " + data + " with (format text)\n"
        + "\\copy c from stdin\n3\tz\n\\.\n"
        + "\\copy c to '" + out + "'\n"
        + "\\copy (select a from c where a > 1 order by a) to stdout with csv header\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("", r.err());
    assertEquals("CREATE TABLE\nCOPY 2\nCOPY 2\nCOPY 1\nCOPY 5\na\n2\n2\n3\n", r.out());
    assertEquals("1\tx\n2\ty\n1\tx\n2\ty\n3\tz\n", Files.readString(out));
  }

  @Test
  void slashCopyWithAProgramAndItsErrorsAsPsqlReportsThem() throws Exception {
    Path f = file("prog.sql", "create temp table c (a int);\n"
        + "\\copy c from program 'printf \"9\\n\"'\n"
        + "\\copy c from '" + dir.resolve("missing.tsv") + "'\n"
        + "\\copy (select 1) to program 'cat >/dev/null; exit 3'\n"
        + "\\copy\n"
        + "select count(*) as n from c;\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("CREATE TABLE\nCOPY 1\nCOPY 1\n n \n---\n 1\n(1 row)\n\n", r.out());
    assertEquals("cutover:" + f + ":3: \\copy: " + dir.resolve("missing.tsv") + ": No such file or directory\n"
        + "cutover:" + f + ":4: \\copy: cat >/dev/null; exit 3: child process exited with exit code 3\n"
        + "cutover:" + f + ":5: \\copy: arguments required\n", r.err());
  }

  @Test
  void aPlainPgDumpScriptRestoresAsWithPsql() throws Exception {
    Path dump = dir.resolve("dump.sql");
    try (InputStream in = CopyTest.class.getResourceAsStream("/dumps/pg_dump-15.18-plain.sql")) {
      Files.write(dump, in.readAllBytes());
    }
    db.execute("create database copytest_restore");
    TestDatabase target = db.sibling("copytest_restore");
    var r = ShellRun.on(target).args("-v", "ON_ERROR_STOP=1", "-q", "-f", dump.toString()).run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("", r.err());
    assertEquals(" set_config \n------------\n \n(1 row)\n\n setval \n--------\n     42\n(1 row)\n\n", r.out());
    assertEquals(List.of("1|Ann|tab\there", "2|Bø|", "3|back\\slash|line\nbreak"),
        target.column("select id || '|' || name || '|' || coalesce(note, '') from person order by id"));
    assertEquals("42", target.value("select last_value from s"));
  }

  @Test
  void copyOutOfBinaryDataWritesTheBytesUnchanged() throws Exception {
    Path out = dir.resolve("bin.out");
    var r = ShellRun.on(db).args("-o", out.toString(), "-c", "copy (select 1::int) to stdout (format binary)").run();
    assertEquals(0, r.status(), r.toString());
    byte[] bytes = Files.readAllBytes(out);
    assertEquals("PGCOPY\n\u00ff\r\n\u0000", new String(bytes, 0, 11, StandardCharsets.ISO_8859_1));
  }

  @Test
  void dataLinesCountForTheLineNumbersOfLaterErrors() throws Exception {
    Path f = file("lines.sql", "create temp table c (a int);\ncopy c from stdin;\n1\n2\n\\.\nselect nosuch;\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertTrue(r.err().startsWith("cutover:" + f + ":6: ERROR:  column \"nosuch\" does not exist\n"), r.err());
  }
}
