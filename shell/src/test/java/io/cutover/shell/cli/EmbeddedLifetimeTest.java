package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.Await;
import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the embedded server was stopped by whichever shell started it, under every other shell
 * using it (a backfill in a second shell died). Now it stays up while any session uses it, the
 * last shell out stops it, and {@code --embedded-stop} stops it for everyone. Real processes, real
 * SIGTERM.
 */
@org.junit.jupiter.api.Tag("postgres")
class EmbeddedLifetimeTest {

  @TempDir
  Path home;

  @Test
  void theServerOutlivesTheShellThatStartedItWhileAnotherUsesItAndTheLastOneOutStopsIt() throws Exception {
    Path dir = home.resolve("shared data");
    try (ShellProcess owner = started(dir);
         ShellProcess other = ShellProcess.embedded(home, "--embedded", dir.toString(), "-c",
             "select 'other' as who, pg_sleep(600)")) {
      assertTrue(owner.isAlive(), owner.output());
      Await.until("both sessions sleeping", () -> sleeping(dir) == 2);
      assertTrue(other.output().contains("(already running)"), other.output());

      owner.terminate();
      assertTrue(owner.output().contains("the embedded server keeps running for 1 session (cutover)"), owner.output());
      assertTrue(owner.output().contains("--embedded-stop"), owner.output());
      assertTrue(other.isAlive(), other.output());
      assertEquals(1, sleeping(dir), "the other shell's statement still runs");

      other.terminate();
      Await.until("the last shell out stopping the server", () -> !Files.exists(dir.resolve("postmaster.pid")));
      assertFalse(other.output().contains("keeps running"), other.output());
    }
  }

  @Test
  void embeddedStopDisconnectsEveryoneAndSaysWhoAndAStoppedServerIsNoError() throws Exception {
    Path dir = home.resolve("stopped");
    try (ShellProcess sleeper = started(dir)) {
      Await.until("the sleeper's statement", () -> sleeping(dir) == 1);
      var stop = ShellRun.bare().home(home).args("--embedded", dir.toString(), "--embedded-stop").run();
      assertEquals(0, stop.status(), stop.toString());
      assertTrue(stop.err().contains("Stopped the embedded server in " + dir + "; 1 session (cutover) disconnected."),
          stop.toString());
      assertFalse(Files.exists(dir.resolve("postmaster.pid")));
      sleeper.waitFor();
    }
    var again = ShellRun.bare().home(home).args("--embedded", dir.toString(), "--embedded-stop").run();
    assertEquals(0, again.status(), again.toString());
    assertTrue(again.err().contains("No embedded server runs in " + dir), again.toString());
  }

  @Test
  void freshStartsFromAnEmptyDirectoryButNeverUnderAnotherSessionNorOnADirectoryCutoverDidNotMake() throws Exception {
    Path dir = home.resolve("fresh");
    var made = ShellRun.bare().home(home).args("--embedded", dir.toString(), "-c", "create table kept (a int)").run();
    assertEquals(0, made.status(), made.toString());
    try (ShellProcess sleeper = started(dir)) {
      Await.until("the sleeper's statement", () -> sleeping(dir) == 1);
      var refused = ShellRun.bare().home(home).args("--embedded", dir.toString(), "--fresh", "-c", "select 1").run();
      assertEquals(2, refused.status(), refused.toString());
      assertTrue(refused.err().contains("is in use by 1 session (cutover)"), refused.toString());
      assertTrue(refused.err().contains("--embedded-stop"), refused.toString());
      sleeper.terminate();
    }
    Await.until("the server stopped", () -> !Files.exists(dir.resolve("postmaster.pid")));
    var fresh = ShellRun.bare().home(home).args("--embedded", dir.toString(), "--fresh", "-A", "-t", "-c",
        "select coalesce(to_regclass('kept')::text, 'gone')").run();
    assertEquals(0, fresh.status(), fresh.toString());
    assertEquals("gone\n", fresh.out());

    Path theirs = home.resolve("theirs");
    Files.createDirectories(theirs);
    Files.writeString(theirs.resolve("PG_VERSION"), "17\n");
    var notOurs = ShellRun.bare().home(home).args("--embedded", theirs.toString(), "--fresh", "-c", "select 1").run();
    assertEquals(2, notOurs.status(), notOurs.toString());
    assertTrue(notOurs.err().contains("is not a data directory made by cutover"), notOurs.toString());
    assertTrue(Files.exists(theirs.resolve("PG_VERSION")));

    var alone = ShellRun.bare().home(home).args("--fresh", "-c", "select 1").env("PGHOST", "localhost").run();
    assertEquals(1, alone.status(), alone.toString());
    assertTrue(alone.err().contains("give --demo or --embedded [DIR] with it"), alone.toString());
  }

  /**
   * A shell that starts the server in {@code dir} and sleeps in it; returns once it is connected
   * (a shell leaving before then would find no one and stop the server under it).
   */
  private ShellProcess started(Path dir) throws Exception {
    ShellProcess shell = ShellProcess.embedded(home, "--embedded", dir.toString(), "-c", "\\echo connected",
        "-c", "select pg_sleep(600)");
    Await.until("the shell connected", () -> {
      assertTrue(shell.isAlive(), shell.output());
      return shell.output().contains("connected\n");
    });
    assertTrue(shell.output().contains("embedded PostgreSQL 17 at"), shell.output());
    return shell;
  }

  /** Sessions running pg_sleep on the server in {@code dir}, counted by a shell that joins it. */
  private int sleeping(Path dir) {
    var r = ShellRun.bare().home(home).args("-q", "--embedded", dir.toString(), "-A", "-t", "-c",
        "select count(*) from pg_stat_activity where query like 'select %pg_sleep(600)' and pid <> pg_backend_pid()").run();
    assertEquals(0, r.status(), r.toString());
    return Integer.parseInt(r.out().trim());
  }
}
