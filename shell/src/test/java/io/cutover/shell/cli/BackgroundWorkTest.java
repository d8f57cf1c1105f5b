package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.Await;
import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Safety issue 5: a script's end, and \q in a script, wait for the work commands left running. */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class BackgroundWorkTest {

  static TestDatabase db;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  @Test
  void theEndOfAScriptAndQuitInAScriptWaitForBackgroundWork() throws Exception {
    for (String script : List.of("\\linger\n", "\\linger\n\\q\nselect 'not reached';\n")) {
      db.execute("drop table if exists linger_log");
      var run = CompletableFuture.supplyAsync(() -> ShellRun.on(db).args("-v", "ON_ERROR_STOP=1").stdin(script).run());
      Await.until("the background work to start", () -> events().contains("started"));
      // Nothing has released the work yet, so a shell that waits cannot have ended.
      assertFalse(run.isDone(), "the shell ended while its background work ran");
      db.execute("insert into linger_log values ('release')");
      ShellRun.Result r = run.get(60, TimeUnit.SECONDS);
      assertEquals(0, r.status(), r.toString());
      assertTrue(r.err().contains("Waiting for background work to finish: linger (running for "), r.toString());
      assertFalse(r.out().contains("not reached"), r.toString());
      assertEquals(List.of("started", "release", "finished"), events());
    }
  }

  private static List<String> events() throws Exception {
    try {
      return db.column("select event from linger_log");
    } catch (java.sql.SQLException e) {
      return List.of();
    }
  }
}
