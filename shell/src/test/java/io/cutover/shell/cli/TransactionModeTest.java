package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** AUTOCOMMIT, ON_ERROR_ROLLBACK and -1 as psql applies them (issue 16). */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class TransactionModeTest {

  static TestDatabase db;

  @TempDir
  Path dir;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  private ShellRun.Result script(String name, String text, String... options) {
    return ShellRun.on(db).args(options).script(dir.resolve(name + ".sql"), text).run();
  }

  private boolean exists(String table) throws Exception {
    return db.value("select count(*) from pg_class where relname = '" + table + "'").equals("1");
  }

  @Test
  void autocommitOffOpensATransactionThatRollbackUndoes() throws Exception {
    var r = script("ac", "\\set AUTOCOMMIT off\ncreate table ac_undone (a int);\nrollback;\n"
        + "create table ac_kept (a int);\ncommit;\n");
    assertEquals("", r.err());
    assertEquals("CREATE TABLE\nROLLBACK\nCREATE TABLE\nCOMMIT\n", r.out());
    assertEquals(false, exists("ac_undone"));
    assertEquals(true, exists("ac_kept"));
  }

  @Test
  void autocommitOffOpensNoTransactionForWhatCannotRunInOne() throws Exception {
    var r = script("vac", "\\set AUTOCOMMIT off\nvacuum pg_class;\ncreate database ac_db;\ndrop database ac_db;\n");
    assertEquals("", r.err());
    assertEquals("VACUUM\nCREATE DATABASE\nDROP DATABASE\n", r.out());
  }

  @Test
  void autocommitOffLeavesAnUncommittedTransactionToRollBackAtTheEnd() throws Exception {
    script("open", "\\set AUTOCOMMIT off\ncreate table ac_never (a int);\n");
    assertEquals(false, exists("ac_never"));
  }

  @Test
  void onErrorRollbackOnKeepsTheTransactionAfterAFailedStatement() throws Exception {
    db.execute("create table oer_on (a int)");
    var r = script("on", "\\set ON_ERROR_ROLLBACK on\nbegin;\ninsert into oer_on values (1);\nselect nosuch;\n"
        + "insert into oer_on values (2);\ncommit;\n");
    assertEquals("BEGIN\nINSERT 0 1\nINSERT 0 1\nCOMMIT\n", r.out());
    assertEquals(List.of("1", "2"), db.column("select a from oer_on order by a"));
  }

  @Test
  void onErrorRollbackInteractiveLeavesAScriptsTransactionAborted() throws Exception {
    db.execute("create table oer_interactive (a int)");
    var r = script("interactive", "\\set ON_ERROR_ROLLBACK interactive\nbegin;\ninsert into oer_interactive values (1);\n"
        + "select nosuch;\ncommit;\n");
    assertEquals("BEGIN\nINSERT 0 1\nROLLBACK\n", r.out());
    assertEquals(List.of(), db.column("select a from oer_interactive"));
  }

  @Test
  void onErrorRollbackKeepsOutOfTheUsersOwnSavepoints() throws Exception {
    db.execute("create table oer_savepoint (a int)");
    var r = script("svp", "\\set ON_ERROR_ROLLBACK on\nbegin;\nsavepoint mine;\ninsert into oer_savepoint values (1);\n"
        + "rollback to mine;\ninsert into oer_savepoint values (2);\nrelease mine;\ncommit;\n");
    assertEquals("", r.err());
    assertEquals(List.of("2"), db.column("select a from oer_savepoint"));
  }

  @Test
  void singleTransactionCommitsAfterAClientSideErrorWithoutOnErrorStop() throws Exception {
    var r = ShellRun.on(db).args("-1", "-c", "create table one_kept (a int)", "-c", "\\nosuch").run();
    assertEquals(1, r.status(), r.toString());
    assertEquals("CREATE TABLE\n", r.out());
    assertEquals(true, exists("one_kept"));
  }

  @Test
  void singleTransactionRollsBackAFailureWithOnErrorStop() throws Exception {
    var r = ShellRun.on(db).args("-1", "-v", "ON_ERROR_STOP=1", "-c", "create table one_undone (a int)",
        "-c", "\\nosuch").run();
    assertEquals(1, r.status(), r.toString());
    assertEquals(false, exists("one_undone"));
  }
}
