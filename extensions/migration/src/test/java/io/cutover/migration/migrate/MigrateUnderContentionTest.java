package io.cutover.migration.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.migration.runbook.TimedInserts;
import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** \migrate next to other shells, held locks, busy writers and a killed process. */
@org.junit.jupiter.api.Tag("postgres")
class MigrateUnderContentionTest {

  TestDatabase db;

  @TempDir
  Path dir;

  @BeforeEach
  void freshDatabase() throws Exception {
    db = PostgresServer.get().createDatabase("contention");
    db.execute("create table events (id bigserial primary key, kind text)");
  }

  @Test
  void twoShellsMigratingAtOnceApplyEachFileOnce() throws Exception {
    Files.writeString(dir.resolve("V1__slow.sql"), "select pg_sleep(1);\ncreate table once (a int);");
    Files.writeString(dir.resolve("V2__after.sql"), "create table twice_never (a int);");
    var a = CompletableFuture.supplyAsync(() -> ShellRun.on(db).args("-c", "\\migrate --dir " + dir).run());
    var b = CompletableFuture.supplyAsync(() -> ShellRun.on(db).args("-c", "\\migrate --dir " + dir).run());
    var ra = a.get(60, TimeUnit.SECONDS);
    var rb = b.get(60, TimeUnit.SECONDS);
    assertEquals(0, ra.status(), ra.toString());
    assertEquals(0, rb.status(), rb.toString());
    assertEquals("2", db.value("select count(*) from cutover.schema_history"));
    String both = ra.out() + rb.out();
    assertTrue(both.contains("Waiting for another \\migrate to finish"), both);
    assertTrue(both.contains("Nothing to migrate"), both);
  }

  @Test
  void aHeldLockMakesItRetryAndGiveUpWhileWritersWaitNoLongerThanTheLockTimeout() throws Exception {
    Files.writeString(dir.resolve("V1__add.sql"), "alter table events add column extra bigint;");
    TimedInserts inserts;
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("select count(*) from events"); // ACCESS SHARE held until this transaction ends
      }
      inserts = TimedInserts.start(db, "insert into events (kind) values ('write')");
      var r = ShellRun.on(db).args("-c", "\\migrate --dir " + dir + " --lock-timeout 300ms --lock-retries 2").run();
      inserts.stop();
      assertEquals(1, r.status(), r.toString());
      assertTrue(r.err().contains("lock not available within 0.3 s"), r.err());
      assertTrue(r.err().contains("try 2 of 3"), r.err());
      assertTrue(r.err().contains("gave up after 3 tries"), r.err());
      assertTrue(r.err().contains("idle in transaction"), "the blocker is named: " + r.err());
      holder.rollback();
    }
    assertEquals("0", db.value("select count(*) from information_schema.columns where column_name = 'extra'"));
    assertTrue(inserts.inserted() > 0);
    // The bound, not a speed: an insert queues behind the waiting ALTER for at most its lock_timeout.
    assertTrue(inserts.longestMs() < 300 + 2000, "an insert waited " + inserts.longestMs() + " ms");
  }

  @Test
  void aKilledMigrationIsFinishedByTheNextOne() throws Exception {
    db.execute("insert into events (kind) select 'k' || g from generate_series(1, 20000) g");
    Files.writeString(dir.resolve("V1__indexes.sql"), "-- cutover:no-transaction\n"
        + "create index concurrently if not exists events_kind on events (kind);\n"
        + "select pg_sleep(30);\n"
        + "create index concurrently if not exists events_kind_id on events (kind, id);\n");
    try (ShellProcess p = ShellProcess.start(db, "-c", "\\migrate --dir " + dir)) {
      waitFor(() -> activeQuery("select pg_sleep(30)"), "the migration to reach its sleep");
      p.kill();
    }
    waitFor(() -> !activeQuery("select pg_sleep(30)"), "the server to notice the dead client");
    Files.writeString(dir.resolve("V1__indexes.sql"), Files.readString(dir.resolve("V1__indexes.sql"))
        .replace("select pg_sleep(30);\n", ""));
    var r = ShellRun.on(db).args("-c", "\\migrate --dir " + dir).run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("2", db.value("select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid"
        + " where c.relname in ('events_kind', 'events_kind_id') and i.indisvalid"));
    assertEquals("1", db.value("select count(*) from cutover.schema_history where success"));
  }

  private boolean activeQuery(String prefix) {
    try {
      return !db.column("select pid from pg_stat_activity where state = 'active' and query like '" + prefix + "%'")
          .isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
