package io.cutover.migration.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.Await;
import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safety issue 4: a script's connection killed while \migrate runs a long statement exits 2
 * (a lost connection), with or without ON_ERROR_STOP; \migrate reports the failure as its own
 * error, which made it 3 before.
 */
@org.junit.jupiter.api.Tag("postgres")
class MigrateLostConnectionTest {

  @TempDir
  Path dir;

  @RepeatedTest(3)
  void aKillDuringAMigrationExitsTwo() throws Exception {
    for (String stop : new String[] {"ON_ERROR_STOP=1", "ON_ERROR_STOP=0"}) {
      TestDatabase db = PostgresServer.get().createDatabase("migrate_lost");
      String marker = "slow_" + System.nanoTime();
      Path migrations = Files.createDirectories(dir.resolve(marker));
      Files.writeString(migrations.resolve("V1__slow.sql"), "select pg_sleep(120) as " + marker + ";\n");
      Path script = dir.resolve(marker + ".sql");
      Files.writeString(script, "\\migrate --dir " + migrations + "\nselect 'after' as after;\n");
      var run = CompletableFuture.supplyAsync(() -> ShellRun.on(db).args("-v", stop, "-f", script.toString()).run());
      String sleeping = "datname = current_database() and pid <> pg_backend_pid() and query like '%" + marker
          + "%' and wait_event = 'PgSleep'";
      Await.until("the migration's statement", () -> !db.value("select count(*) from pg_stat_activity where "
          + sleeping).equals("0"));
      db.execute("select pg_terminate_backend(pid) from pg_stat_activity where " + sleeping);
      ShellRun.Result r = run.get(60, TimeUnit.SECONDS);
      assertEquals(2, r.status(), stop + "\n" + r);
      assertTrue(r.err().contains("The connection to the server was lost"), r.toString());
      assertFalse(r.out().contains("after"), r.toString());
    }
  }
}
