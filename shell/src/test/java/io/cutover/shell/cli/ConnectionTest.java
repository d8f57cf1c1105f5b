package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting as psql does, with a real password check, and the password never shown. */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class ConnectionTest {

  static final String SECRET = "s3cr3t-Pw_9";
  static TestDatabase db;
  static Optional<String> role;

  @TempDir
  Path home;

  @BeforeAll
  static void setUp(TestDatabase database) {
    db = database;
    role = PostgresServer.get().passwordRole("pw_user", SECRET);
  }

  private String uri(String userInfo) {
    return "postgresql://" + userInfo + "@" + db.host() + ":" + db.port() + "/" + db.name();
  }

  private static void assertNoSecret(ShellRun.Result r) {
    assertFalse(r.out().contains(SECRET), "password in stdout:\n" + r);
    assertFalse(r.err().contains(SECRET), "password in stderr:\n" + r);
  }

  @Test
  void passwordInTheUriConnectsAndNeverShows() {
    assumeTrue(role.isPresent(), "needs the embedded server's pg_hba.conf");
    var r = ShellRun.bare().home(home).args("-X", uri("pw_user:" + SECRET), "-c", "\\conninfo",
        "-c", "select current_user").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("as user \"pw_user\""), r.out());
    assertTrue(r.out().contains(" pw_user\n"), r.out());
    assertNoSecret(r);
  }

  @Test
  void wrongPasswordFailsWithTwoAndNeverShowsIt() {
    assumeTrue(role.isPresent(), "needs the embedded server's pg_hba.conf");
    var r = ShellRun.bare().home(home).args("-X", uri("pw_user:" + SECRET + "x"), "-c", "select 1").run();
    assertEquals(2, r.status(), r.toString());
    assertTrue(r.err().contains("password authentication failed for user \"pw_user\""), r.err());
    assertFalse(r.err().contains(SECRET));
  }

  @Test
  void passwordFromPgpasswordAndFromThePasswordFile() throws Exception {
    assumeTrue(role.isPresent(), "needs the embedded server's pg_hba.conf");
    var viaEnv = ShellRun.bare().home(home).env("PGPASSWORD", SECRET)
        .args("-X", uri("pw_user"), "-c", "select 'env ok' as r").run();
    assertEquals(0, viaEnv.status(), viaEnv.toString());
    assertNoSecret(viaEnv);
    Path pgpass = home.resolve(".pgpass");
    Files.writeString(pgpass, db.host() + ":" + db.port() + ":*:pw_user:" + SECRET + "\n");
    Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
    var viaFile = ShellRun.bare().home(home).args("-X", uri("pw_user"), "-c", "select 'file ok' as r").run();
    assertEquals(0, viaFile.status(), viaFile.toString());
    assertTrue(viaFile.out().contains("file ok"));
  }

  @Test
  void missingPasswordInAScriptFailsClearly() {
    assumeTrue(role.isPresent(), "needs the embedded server's pg_hba.conf");
    var r = ShellRun.bare().home(home).args("-X", uri("pw_user"), "-c", "select 1").run();
    assertEquals(2, r.status(), r.toString());
    assertTrue(r.err().contains("password"), r.err());
  }

  /** Safety issue 3: a "%" that is no escape gave a stack trace holding two characters of the password. */
  @Test
  void aBadPercentEscapeInThePasswordIsACleanErrorThatEchoesNoneOfIt() {
    String[] passwords = {"Qx%zzWv", "Qx%4", "Qx%", "%G1Wv", "Qx%e9%zzWv"};
    for (String password : passwords) {
      String bad = uri("pw_user:" + password);
      var cli = ShellRun.bare().home(home).args("-X", bad, "-c", "select 1").run();
      assertEquals(1, cli.status(), cli.toString());
      assertTrue(cli.err().startsWith("cutover: error: invalid URI: the password has a \"%\" that is not followed by two"), cli.err());
      assertCleanAndSilentAbout(password, cli.err());
      var jdbc = ShellRun.bare().home(home).args("-X", "jdbc:postgresql://" + db.host() + ":" + db.port() + "/"
          + db.name() + "?user=pw_user&password=" + password, "-c", "select 1").run();
      assertEquals(1, jdbc.status(), jdbc.toString());
      assertCleanAndSilentAbout(password, jdbc.err());
      var c = ShellRun.on(db).stdin("\\c " + bad + "\n\\echo error: :LAST_ERROR_MESSAGE\nselect 'still here' as s;\n").run();
      assertTrue(c.err().contains("\\c: invalid URI: the password has a \"%\""), c.toString());
      assertTrue(c.out().contains("error: invalid URI: the password has a \"%\""), c.toString());
      assertTrue(c.out().contains("still here"), c.toString());
      assertCleanAndSilentAbout(password, c.out() + c.err());
    }
  }

  private static void assertCleanAndSilentAbout(String password, String text) {
    assertFalse(text.contains("Exception") || text.contains("\tat "), "a stack trace or class name:\n" + text);
    for (int i = 0; i + 2 <= password.length(); i++) {
      String piece = password.substring(i, i + 2);
      if (!piece.startsWith("%")) {
        assertFalse(text.replace(db.name(), "").contains(piece), "\"" + piece + "\" of the password shown:\n" + text);
      }
    }
  }

  @Test
  void everySpellingOfTheServerWorks() {
    String[] spellings = {
        uri(db.user()),
        "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name() + "?user=" + db.user(),
        "host=" + db.host() + " port=" + db.port() + " dbname=" + db.name() + " user=" + db.user()};
    for (String s : spellings) {
      var r = ShellRun.bare().home(home).args("-X", "-c", "select current_database()", s).run();
      assertEquals(0, r.status(), s + "\n" + r);
      assertTrue(r.out().contains(db.name()), r.out());
    }
  }

  @Test
  void pgVariablesNameTheServer() {
    var r = ShellRun.bare().home(home).env("PGHOST", db.host()).env("PGPORT", Integer.toString(db.port()))
        .env("PGUSER", db.user()).env("PGDATABASE", db.name()).args("-X", "-c", "select current_database()").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains(db.name()));
  }

  @Test
  void theEmbeddedServerKeepsItsDataAndASecondShellJoinsItWhileItRuns() throws Exception {
    Path dir = home.resolve("embedded");
    var first = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-c", "create table kept (a int)",
        "-c", "insert into kept values (42)").run();
    assertEquals(0, first.status(), first.toString());
    assertTrue(first.err().startsWith("embedded PostgreSQL 17 at " + dir + ", port "), first.err());
    try (var owner = io.cutover.shell.connect.EmbeddedServer.start(dir, home.resolve(".cutover"));
         var ownersSession = java.sql.DriverManager.getConnection(owner.settings("postgres").jdbcUrl(),
             owner.settings("postgres").jdbcProperties())) {
      assertTrue(owner.isOwner(), "the first shell stopped its server on exit");
      var joined = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-c", "select a from kept").run();
      assertEquals(0, joined.status(), joined.toString());
      assertTrue(joined.err().contains("(already running)"), joined.err());
      assertTrue(joined.out().contains(" 42\n"), "data kept between runs: " + joined.out());
      var again = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-c", "select 1 as still_up").run();
      assertEquals(0, again.status(), "a joining shell leaves the server running: " + again);
      assertTrue(again.err().contains("(already running)"), again.err());
    }
  }

  /** Issue 15, finding 7: -d NAME (or a positional name) with --embedded connects to that database, as psql would. */
  @Test
  void theEmbeddedServerConnectsToTheDatabaseNamedAndSaysHowToCreateAMissingOne() {
    Path dir = home.resolve("embedded-d");
    var missing = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-d", "Tenant Db",
        "-c", "select 1").run();
    assertEquals(2, missing.status(), missing.toString());
    assertTrue(missing.err().contains("database \"Tenant Db\" does not exist"), missing.err());
    assertTrue(missing.err().contains("HINT:  cutover does not create databases (psql neither): connect to another"
        + " (-d postgres) and run CREATE DATABASE \"Tenant Db\""), missing.err());
    var created = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-d", "postgres",
        "-c", "create database \"Tenant Db\"").run();
    assertEquals(0, created.status(), created.toString());
    var named = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-d", "Tenant Db",
        "-c", "select current_database()").run();
    assertEquals(0, named.status(), named.toString());
    assertTrue(named.out().contains(" Tenant Db\n"), named.out());
    var positional = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "Tenant Db",
        "-c", "select current_database()").run();
    assertTrue(positional.out().contains(" Tenant Db\n"), positional.toString());
  }

  @Test
  void connectSwitchesDatabaseAndKeepsTheOldConnectionOnFailure() {
    var r = ShellRun.on(db).stdin("\\c postgres\nselect current_database();\n\\c no_such_db_here\n"
        + "select current_database() as still;\n").run();
    assertTrue(r.out().contains("You are now connected to database \"postgres\""), r.toString());
    assertTrue(r.err().contains("\\c: connection to server failed"), r.err());
    assertTrue(r.err().contains("Previous connection kept"), r.err());
    assertTrue(r.out().contains("  still   \n----------\n postgres\n"), r.out());
  }
}
