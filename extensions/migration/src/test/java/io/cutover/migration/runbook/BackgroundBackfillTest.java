package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safety issue 5: {@code \backfill --background} at the end of a script was cut off when the
 * script ended. The shell now waits for it, saying so.
 */
@org.junit.jupiter.api.Tag("postgres")
class BackgroundBackfillTest {

  @TempDir
  Path dir;

  @Test
  void aScriptEndingWithABackgroundBackfillWaitsForItToFinish() throws Exception {
    TestDatabase db = ExpandedExample.create("background_backfill", 20_000);
    Path script = dir.resolve("backfill.sql");
    // Small batches with pauses: the script's last line is read long before the backfill is done (a generous
    // --max-lock-ms: a slow disk must not end the run at the bound).
    Files.writeString(script, "\\backfill --background --batch-size 500 --sleep-ms 10 --max-lock-ms 60000\n");
    var r = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-f", script.toString()).run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.err().contains("Waiting for background work to finish: backfill (running for"), r.toString());
    assertTrue(r.out().contains("Backfill finished: 20,000 rows") || r.err().contains("Backfill finished: 20,000 rows"),
        r.toString());
    var status = ShellRun.on(db).args("-c", "\\backfill status").run();
    assertTrue(status.out().contains("Backfill finished: 20,000 of"), status.toString());
    assertEquals("0", db.value("select count(*) from heartbeats where language is not null and language_id is null"));
  }
}
