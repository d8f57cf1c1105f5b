package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;

/** A database holding the heartbeats example, planned, expanded and dual-writing: ready to backfill. */
public final class ExpandedExample {

  private ExpandedExample() {
  }

  public static TestDatabase create(String name, int rows) {
    return prepare(PostgresServer.get().createDatabase(name), rows);
  }

  /** {@code db}, of any server, made ready to backfill. */
  public static TestDatabase prepare(TestDatabase db, int rows) {
    var r = ShellRun.on(db).in(RunbookTest.REPOSITORY).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\demo load " + rows,
        "-c", "\\plan examples/heartbeats/plan.json", "-c", "\\migrate", "-c", "\\dualwrite on").run();
    assertEquals(0, r.status(), r.toString());
    return db;
  }
}
