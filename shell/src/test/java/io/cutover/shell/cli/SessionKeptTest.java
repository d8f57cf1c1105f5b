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

/** Statements that dropped the connection: the server answers them, and the session goes on (issue 16). */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class SessionKeptTest {

  static TestDatabase db;

  @TempDir
  Path dir;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  @Test
  void aPositionalParameterWithoutValueIsTheServersErrorAsInPsql() throws Exception {
    Path f = dir.resolve("p.sql");
    Files.writeString(f, "begin;\nselect $1;\nrollback;\nselect 2 as b;\n");
    var r = ShellRun.on(db).args("-f", f.toString()).run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.err().startsWith("cutover:" + f + ":2: ERROR:  there is no parameter $1\n"), r.err());
    assertEquals("BEGIN\nROLLBACK\n b \n---\n 2\n(1 row)\n\n", r.out());
  }

  @Test
  void aNonIsoDateStyleIsRefusedAndTheSessionKeepsItsTransactionAndTemporaryTables() throws Exception {
    Path f = dir.resolve("d.sql");
    Files.writeString(f, "begin;\ncreate temp table kept (d date);\ninsert into kept values ('2000-01-02');\n"
        + "set datestyle = 'Postgres, MDY';\nset local \"datestyle\" to sql;\nSET DateStyle TO 'iso, dmy';\n"
        + "select d from kept;\nrollback;\n");
    var r = ShellRun.on(db).args("-q", "-f", f.toString()).run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.err().startsWith("cutover:" + f + ":4: ERROR:  refused: DateStyle POSTGRES would close the session"
        + " (cutover's driver reads dates in the ISO style only)\nHINT:  keep the ISO style; the field order may "
        + "change, e.g. SET DateStyle = 'ISO, DMY'\ncutover:" + f + ":5: ERROR:  refused: DateStyle SQL"), r.err());
    assertEquals("     d      \n------------\n 2000-01-02\n(1 row)\n\n", r.out());
  }

  @Test
  void changingClientEncodingKeepsTheSessionAndItsText() {
    var r = ShellRun.on(db).args("-c", "set client_encoding to 'LATIN1'", "-c", "select 'é' as e",
        "-c", "show client_encoding").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("SET\n e \n---\n é\n(1 row)\n\n client_encoding \n-----------------\n LATIN1\n(1 row)\n\n", r.out());
  }
}
