package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/** Other sessions in a test: an application transaction left open, and waits for what a running shell does. */
final class Sessions {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private Sessions() {
  }

  /** Opens a transaction on {@code c} named {@code application} that runs {@code sql} and stays open; its pid. */
  static int open(Connection c, String application, String sql) throws Exception {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("set application_name = '" + application + "'");
      int pid;
      try (ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      st.execute(sql); // last: it is the query the session shows
      return pid;
    }
  }

  /** Waits until the shell has said {@code text}, failing if it ends first. */
  static void awaitOutput(ShellProcess p, String text) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!p.output().contains(text)) {
      assertTrue(p.isAlive(), "ended before saying \"" + text + "\": " + p.output());
      assertTrue(System.nanoTime() < deadline, "never said \"" + text + "\": " + p.output());
      Thread.sleep(50);
    }
  }

  /** A shell running {@code \\backfill OPTIONS}, returned once its checkpoints count at least {@code rows} rows. */
  static ShellProcess backfillUnderWay(TestDatabase db, String options, long rows) throws Exception {
    ShellProcess p = ShellProcess.start(db, "-c", "\\backfill " + options);
    try {
      awaitScanned(db, p, rows);
      return p;
    } catch (Exception | AssertionError e) {
      p.close();
      throw e;
    }
  }

  private static void awaitScanned(TestDatabase db, ShellProcess p, long rows) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (Long.parseLong(db.value("select coalesce(sum(rows_scanned), 0) from cutover.backfill_ranges")) < rows) {
      assertTrue(System.nanoTime() < deadline, "the backfill made no progress: " + p.output());
      Thread.sleep(20);
    }
  }
}
