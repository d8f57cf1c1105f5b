package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.Await;
import io.cutover.shell.testkit.ProductionServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the backfill paces itself by the health of real parts, on a production-configured
 * primary (fsync on) with a streaming standby and a WAL archive: a standby that stops replaying
 * and an archive_command that fails pause every worker, the status line says why with the value
 * and the budget, and the run resumes by itself once they recover, its data exact.
 */
@org.junit.jupiter.api.Tag("postgres")
class PacingTest {

  private static final int ROWS = 20_000;

  @Test
  void aStandbyThatStopsReplayingPausesTheBackfillUntilItReplaysAgain() throws Exception {
    ProductionServer server = ProductionServer.replicated();
    TestDatabase db = ExpandedExample.prepare(server.createDatabase("pacing_standby"), ROWS);
    server.standby().pauseReplay();
    CompletableFuture<ShellRun.Result> run;
    try {
      // A small WAL budget: a few batches are over it (the default 10 s would do as well, only later).
      run = CompletableFuture.supplyAsync(() -> ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c",
          "\\backfill --workers 2 --max-replay-lag-mb 4").run());
      Await.until("\\backfill status to say the standby pauses it", () ->
          backfillStatus(db).contains("Now paused: standby \"replica1\" replay lag "));
      String status = backfillStatus(db);
      // Whichever is over first: the bytes (budget 4 MB here) or the time (10 s by default), with value and budget.
      assertTrue(java.util.regex.Pattern.compile("replay lag [0-9,.]+ (MB > 4 MB|s > 10 s)").matcher(status).find(), status);
      assertTrue(statusLine(db).contains("paused: standby \"replica1\" replay lag"), statusLine(db));
      // Paused, every worker: once the batches in flight are in, no row moves while the standby does not replay.
      Await.until("the pause to last 2 s", () -> db.value("select now() - since > interval '2 s' from cutover.throttles"
          + " where work = 'backfill'").equals("t"));
      String done = scanned(db);
      Await.until("the pause to last 4 s", () -> db.value("select now() - since > interval '4 s' from cutover.throttles"
          + " where work = 'backfill'").equals("t"));
      assertEquals(done, scanned(db));
      assertTrue(Long.parseLong(done) < ROWS, done);
    } finally {
      server.standby().resumeReplay();
    }
    ShellRun.Result r = run.get();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("Backfill finished: 20,000 rows"), r.toString());
    assertTrue(java.util.regex.Pattern.compile("Health: paused (once|twice|\\d+ times), [0-9.]+ s in all"
        + " \\(standby replay lag\\)").matcher(r.out()).find(), r.toString());
    assertExact(db);
  }

  @Test
  void aFailingArchiveCommandPausesTheBackfillUntilItArchivesAgain() throws Exception {
    ProductionServer server = ProductionServer.replicated();
    TestDatabase db = ExpandedExample.prepare(server.createDatabase("pacing_archive"), ROWS);
    server.archive().fail();
    CompletableFuture<ShellRun.Result> run;
    try {
      run = CompletableFuture.supplyAsync(() -> ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\backfill").run());
      Await.until("\\backfill status to say the archive pauses it", () ->
          backfillStatus(db).contains("Now paused: WAL archiving fails (archive_command failed on 0000"));
      assertTrue(statusLine(db).contains("paused: WAL archiving fails"), statusLine(db));
    } finally {
      server.archive().heal(db);
    }
    ShellRun.Result r = run.get();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("(WAL archiving failing)") || r.out().contains("WAL archiving failing,"), r.toString());
    assertExact(db);
  }

  /**
   * Workers by default, adapted while running: from one worker (this server's cores allow no
   * more to start), the backfill adds workers while healthy, up to --workers 3; a standby that
   * stops replaying sheds them (the lock bound and the commit budget are raised so that only the
   * standby can on a loaded machine); the run
   * finishes exact once it replays again, and its summary says how many ran and why some were shed.
   */
  @Test
  void aStandbyFallingBehindShedsWorkersAddedWhileItKeptUp() throws Exception {
    ProductionServer server = ProductionServer.replicated();
    TestDatabase db = ExpandedExample.prepare(server.createDatabase("pacing_workers"), 2 * ROWS);
    // The server's own record of which session ran each batch.
    db.execute("create table batch_pids (pid int)",
        "create function log_pid() returns trigger language plpgsql as $$ begin"
            + " insert into batch_pids values (pg_backend_pid()); return null; end $$",
        "create trigger log_pid after update on heartbeats for each statement execute function log_pid()");
    CompletableFuture<ShellRun.Result> run = CompletableFuture.supplyAsync(() -> ShellRun.on(db).args("-v",
        "ON_ERROR_STOP=1", "-c", "\\backfill --workers 3 --max-replay-lag-mb 16 --max-lock-ms 5000 --max-commit-ms 60000").run());
    try {
      Await.until("three workers to have run batches", () -> db.value("select count(distinct pid) from batch_pids")
          .equals("3") || run.isDone());
      assertEquals("3", db.value("select count(distinct pid) from batch_pids"), run.isDone() ? run.get().toString() : "");
      server.standby().pauseReplay();
      Await.until("\\backfill status to say the standby pauses it", () ->
          backfillStatus(db).contains("Now paused: standby \"replica1\" replay lag ") || run.isDone());
    } finally {
      server.standby().resumeReplay();
    }
    ShellRun.Result r = run.get();
    assertEquals(0, r.status(), r.toString());
    assertTrue(java.util.regex.Pattern.compile("Workers 1 to 3 of at most 3 \\(started with 1\\), shed (once|twice|\\d+"
        + " times) \\(standby replay lag\\)").matcher(r.out()).find(), r.toString());
    assertExact(db);
  }

  private static String backfillStatus(TestDatabase db) {
    return ShellRun.on(db).args("-c", "\\backfill status").run().out();
  }

  /** The backfill's line of \status. */
  private static String statusLine(TestDatabase db) {
    return ShellRun.on(db).args("-c", "\\status").run().out().lines().filter(l -> l.contains("backfill")).findFirst()
        .orElse("");
  }

  private static String scanned(TestDatabase db) throws Exception {
    return db.value("select sum(rows_scanned) from cutover.backfill_ranges");
  }

  private static void assertExact(TestDatabase db) throws Exception {
    var check = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "-c", "\\progress --exact").run();
    assertEquals(0, check.status(), check.toString());
    assertEquals("0", db.value("select count(*) from heartbeats h left join heartbeat_languages l on l.id = h.language_id"
        + " where h.language is distinct from l.name"));
    assertEquals("0", db.value("select count(*) from heartbeats h left join heartbeat_projects p on p.id = h.project_id"
        + " where h.project is distinct from p.name"));
  }
}
