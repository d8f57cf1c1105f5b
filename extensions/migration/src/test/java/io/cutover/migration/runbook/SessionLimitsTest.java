package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only connection and a low statement_timeout, as a user meets them: every migration
 * command says what is wrong and the command that fixes it, never the server's bare words.
 */
@org.junit.jupiter.api.Tag("postgres")
class SessionLimitsTest {

  @TempDir
  Path dir;

  private static ShellRun.Result run(TestDatabase db, String... commands) {
    String[] args = new String[commands.length * 2 + 2];
    args[0] = "-q";
    args[1] = "--yes";
    for (int i = 0; i < commands.length; i++) {
      args[2 + 2 * i] = "-c";
      args[3 + 2 * i] = commands[i];
    }
    return ShellRun.on(db).in(RunbookTest.REPOSITORY).args(args).run();
  }

  /** Not psql's rendering of a bare server error, nor a Java class name. */
  private static void assertNoRawFailure(ShellRun.Result r) {
    assertFalse(r.err().lines().anyMatch(l -> l.startsWith("ERROR:")), r.err());
    assertFalse(r.err().contains("canceling statement due to"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  private static String q(String name) {
    return "\"" + name + "\"";
  }

  @Test
  void aReadOnlyDatabaseIsNamedWithTheFixForEveryCommandThatWrites() throws Exception {
    TestDatabase db = ExpandedExample.create("readonly", 2000);
    assertEquals(0, run(db, "\\backfill").status());
    Files.writeString(dir.resolve("V13__more.sql"), "create table more (a int);");
    db.execute("alter database " + q(db.name()) + " set default_transaction_read_only = on");
    String[] writers = {"\\plan examples/heartbeats/plan.json", "\\migrate --dir " + dir, "\\dualwrite off",
        "\\backfill --again", "\\validate_fks"};
    for (String command : writers) {
      var r = run(db, command);
      assertEquals(1, r.status(), command + "\n" + r);
      assertTrue(r.err().contains(command.split(" ")[0] + ": this connection is read-only (a standby?)"),
          command + "\n" + r.err());
      assertTrue(r.err().contains("HINT:  default_transaction_read_only is on for database " + q(db.name())
          + ": if that is not deliberate, SET default_transaction_read_only = off; ALTER DATABASE " + q(db.name())
          + " RESET default_transaction_read_only; then \\c and run " + command.split(" ")[0] + " again"),
          command + "\n" + r.err());
      assertNoRawFailure(r);
    }
    // a check that only reads answers on a read-only connection
    var exact = run(db, "\\progress --exact");
    assertEquals(0, exact.status(), exact.toString());
    assertTrue(exact.out().contains("Exact check of heartbeats"), exact.out());
    assertEquals(0, run(db, "\\status").status());
    assertEquals(0, run(db, "set default_transaction_read_only = off",
        "alter database " + q(db.name()) + " reset default_transaction_read_only").status());
    db.execute("alter role " + q(db.user()) + " in database " + q(db.name()) + " set default_transaction_read_only = on");
    var role = run(db, "\\dualwrite off");
    assertEquals(1, role.status(), role.toString());
    assertTrue(role.err().contains("HINT:  default_transaction_read_only is on for role " + q(db.user()) + " in database "
        + q(db.name()) + ": if that is not deliberate, SET default_transaction_read_only = off; ALTER ROLE " + q(db.user())
        + " IN DATABASE " + q(db.name()) + " RESET default_transaction_read_only; then \\c and run \\dualwrite again"),
        role.err());
    db.execute("set default_transaction_read_only = off",
        "alter role " + q(db.user()) + " in database " + q(db.name()) + " reset default_transaction_read_only");
    assertEquals(0, run(db, "\\validate_fks").status());
    // read-only by the session's own SET: the fix is in the session
    var session = run(db, "set default_transaction_read_only = on", "\\plan examples/heartbeats/plan.json");
    assertEquals(1, session.status(), session.toString());
    assertTrue(session.err().contains("\\plan: this connection is read-only (a standby?)"), session.err());
    assertTrue(session.err().contains("HINT:  this session is read-only (SET default_transaction_read_only, BEGIN READ"
        + " ONLY or PGOPTIONS): end a read-only transaction with COMMIT or ROLLBACK, or SET"
        + " default_transaction_read_only = off, then run \\plan again"), session.err());
  }

  @Test
  void aStatementTimeoutOfTheRoleSaysWhichStepWasCutAndWhatToSet() throws Exception {
    TestDatabase db = ExpandedExample.create("timeout", 2000);
    assertEquals(0, run(db, "\\backfill").status());
    db.execute("alter role " + q(db.user()) + " in database " + q(db.name()) + " set statement_timeout = '100ms'");
    ShellRun.Result r;
    // a transaction holding the table: the check waits for it until statement_timeout ends the wait
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("set local statement_timeout = 0");
        st.execute("lock table heartbeats in access exclusive mode");
      }
      r = run(db, "\\progress --exact");
      holder.rollback();
    }
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.err().contains("\\progress: a statement ran past statement_timeout (100ms, set for role "
        + q(db.user()) + " in database " + q(db.name()) + ")"), r.err());
    assertTrue(r.err().contains("HINT:  ALTER ROLE " + q(db.user()) + " IN DATABASE " + q(db.name())
        + " SET statement_timeout = 0 (or more than \\progress needs), then \\c and run \\progress again;"
        + " SET statement_timeout = 0 covers only this session's own statements"), r.err());
    assertNoRawFailure(r);
    db.execute("alter role " + q(db.user()) + " in database " + q(db.name()) + " set statement_timeout = 0");
    assertEquals(0, run(db, "\\progress --exact").status());
  }

  @Test
  void migratesOwnStatementTimeoutNamesTheFileStatementAndOption() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("migrate_timeout");
    Files.writeString(dir.resolve("V1__slow.sql"), "create table slow1 (a int);\nselect pg_sleep(30);");
    var r = run(db, "\\migrate --statement-timeout 100ms --dir " + dir);
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.err().contains("V1__slow.sql failed at statement 2 (line 2): it ran past \\migrate's statement"
        + " timeout of 0.1 s; nothing of it was applied"), r.err());
    assertTrue(r.err().contains("HINT:  \\migrate --statement-timeout 10min (0 for none)"), r.err());
    assertNoRawFailure(r);
    assertEquals("f", db.value("select to_regclass('slow1') is not null"));
  }
}
