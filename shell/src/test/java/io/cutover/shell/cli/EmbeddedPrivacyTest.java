package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cutover.shell.connect.EmbeddedServer;
import io.cutover.shell.testkit.ShellRun;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safety issue 1: the embedded server trusted every TCP connection on localhost, so any local
 * user could connect as superuser (and run COPY ... TO PROGRAM). Now each connection gives a
 * generated password kept in a private file.
 */
@org.junit.jupiter.api.Tag("postgres")
class EmbeddedPrivacyTest {

  private static final Pattern BANNER_PSQL = Pattern.compile("\\((PGPASSFILE=.+ psql -h localhost -p (\\d+) -U postgres)\\)");

  @TempDir
  Path home;

  @Test
  void aNewServerAsksEveryConnectionForItsPasswordAndKeepsItPrivate() throws Exception {
    Path dir = home.resolve("embedded data");
    var first = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-c", "show unix_socket_directories").run();
    assertEquals(0, first.status(), first.toString());
    assertEquals("rwx------", mode(home.resolve(".cutover")));
    assertEquals("rwx------", mode(dir));
    assertEquals("rw-------", mode(dir.resolve(EmbeddedServer.PASSFILE)));
    assertTrue(first.out().contains(" unix_socket_directories \n-------------------------\n \n"), first.out());
    String password = password(dir);
    assertFalse(first.out().contains(password) || first.err().contains(password), "password shown:\n" + first);
    try (EmbeddedServer server = EmbeddedServer.start(dir, home.resolve(".cutover"))) {
      assertRefused(server.port(), null);
      assertRefused(server.port(), password + "x");
      assertRefused(server.port(), "");
      try (Connection c = connect(server.port(), password)) {
        assertTrue(c.isValid(5));
      }
      assertFalse(server.banner().contains(password), server.banner());
      assertBannerPsqlWorks(server.banner());
      var joined = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-c", "select 'joined' as j").run();
      assertEquals(0, joined.status(), joined.toString());
      assertTrue(joined.err().contains("(already running)"), joined.err());
      assertFalse(joined.err().contains(password), joined.err());
    }
  }

  @Test
  void aDataDirectoryOfAnOlderVersionIsMadePrivateOnItsNextStartAndKeepsItsData() throws Exception {
    Path dir = home.resolve("old");
    // What cutover did before: initdb's trust for every local connection.
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir.toFile()).setCleanDataDirectory(false)
        .start(); Connection c = old.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("create table kept (a int)");
      st.execute("insert into kept values (42)");
    }
    assertTrue(Files.readString(dir.resolve("pg_hba.conf")).contains("trust"));
    var converted = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-c", "select a from kept").run();
    assertEquals(0, converted.status(), converted.toString());
    assertTrue(converted.out().contains(" 42\n"), converted.toString());
    assertFalse(Files.readString(dir.resolve("pg_hba.conf")).contains("trust"));
    assertEquals("rw-------", mode(dir.resolve(EmbeddedServer.PASSFILE)));
    try (EmbeddedServer server = EmbeddedServer.start(dir, home.resolve(".cutover"))) {
      assertRefused(server.port(), null);
      try (Connection c = connect(server.port(), password(dir)); Statement st = c.createStatement();
           var rs = st.executeQuery("select a from kept")) {
        assertTrue(rs.next());
        assertEquals(42, rs.getInt(1));
      }
    }
  }

  @Test
  void aPasswordFileLostOrOpenedToOthersIsAClearErrorThatSaysWhatToDo() throws Exception {
    Path dir = home.resolve("guarded");
    var first = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-c", "select 1").run();
    assertEquals(0, first.status(), first.toString());
    Path passfile = dir.resolve(EmbeddedServer.PASSFILE);
    String password = password(dir);
    Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-r--r--"));
    var open = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-c", "select 1").run();
    assertEquals(2, open.status(), open.toString());
    assertTrue(open.err().contains("password file " + passfile + " is missing, or readable by others"), open.err());
    assertTrue(open.err().contains("chmod 600"), open.err());
    assertFalse(open.err().contains(password) || open.err().contains("Exception"), open.err());
    Files.delete(passfile);
    var lost = ShellRun.bare().home(home).args("-X", "--embedded", dir.toString(), "-c", "select 1").run();
    assertEquals(2, lost.status(), lost.toString());
    assertTrue(lost.err().contains("is missing"), lost.err());
  }

  @Test
  void anotherOsUserCannotConnect() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "runuser needs root");
    assumeTrue(onPath("psql") && onPath("runuser"), "needs psql and runuser");
    Path dir = home.resolve("private");
    try (EmbeddedServer server = EmbeddedServer.start(dir, home.resolve(".cutover"))) {
      String port = Integer.toString(server.port());
      // As nobody, with and without pointing at the owner's password file (which it cannot read).
      for (List<String> env : List.<List<String>>of(List.of(), List.of("PGPASSFILE=" + dir.resolve(EmbeddedServer.PASSFILE)))) {
        List<String> command = new java.util.ArrayList<>(List.of("runuser", "-u", "nobody", "--", "env", "PGCONNECT_TIMEOUT=10"));
        command.addAll(env);
        command.addAll(List.of("psql", "-w", "-h", "localhost", "-p", port, "-U", "postgres", "-d", "postgres",
            "-c", "select 'in' as got_in"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, p.waitFor(), output);
        assertFalse(output.contains("got_in"), output);
        assertTrue(output.contains("no password supplied") || output.contains("password authentication failed"), output);
      }
    }
  }

  private static void assertBannerPsqlWorks(String banner) throws Exception {
    Matcher m = BANNER_PSQL.matcher(banner);
    assertTrue(m.find(), banner);
    if (!onPath("psql")) {
      return;
    }
    Process p = new ProcessBuilder("sh", "-c", m.group(1) + " -w -d postgres -A -t -c 'select 40 + 2'")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
    assertEquals("42\n", output);
  }

  private static void assertRefused(int port, String password) {
    SQLException e = assertThrows(SQLException.class, () -> connect(port, password).close());
    assertTrue(List.of("28P01", "08004").contains(e.getSQLState()), e.getSQLState() + " " + e.getMessage());
  }

  private static Connection connect(int port, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    if (password != null) {
      p.setProperty("password", password);
    }
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", p);
  }

  private static String password(Path dir) throws Exception {
    String line = Files.readString(dir.resolve(EmbeddedServer.PASSFILE)).strip();
    return line.substring(line.lastIndexOf(':') + 1);
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static boolean onPath(String program) {
    return java.util.Arrays.stream(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }
}
