package io.cutover.migration.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ProductionServer;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one health query on a real primary with a standby and an archive, as its owner and as a role without pg_monitor. */
@org.junit.jupiter.api.Tag("postgres")
class HealthTest {

  private static TestDatabase db;
  private static long table;

  @BeforeAll
  static void createTable() throws Exception {
    db = ProductionServer.replicated().createDatabase("health");
    db.execute("CREATE TABLE t (id int)", "CREATE ROLE plain NOLOGIN", "GRANT SELECT ON t TO plain");
    table = Long.parseLong(db.value("SELECT 't'::regclass::oid"));
  }

  @Test
  void theOwnerReadsEveryStandbyAndTheArchive() throws Exception {
    try (Connection c = db.connect()) {
      List<Reading> readings = Health.read(c, table);
      Reading bytes = only(readings, Signal.STANDBY_REPLAY_BYTES);
      assertEquals(ProductionServer.STANDBY_NAME, bytes.subject());
      assertTrue(bytes.value().isPresent(), readings.toString());
      assertTrue(only(readings, Signal.ARCHIVE_BACKLOG).value().isPresent(), readings.toString());
      assertTrue(readings.stream().noneMatch(r -> Budgets.DEFAULTS.isOver(r)), readings.toString());
    }
  }

  @Test
  void aRoleWithoutPgMonitorPausesForTheStandbyItCannotReadAndStillCountsTheArchiveBacklog() throws Exception {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("SET ROLE plain");
      List<Reading> readings = Health.read(c, table);
      Reading bytes = only(readings, Signal.STANDBY_REPLAY_BYTES);
      assertEquals(Optional.empty(), bytes.value(), readings.toString());
      assertTrue(Budgets.DEFAULTS.isOver(bytes));
      // pg_ls_archive_statusdir() is refused to it: counted from pg_stat_archiver's names instead, without an error.
      assertTrue(only(readings, Signal.ARCHIVE_BACKLOG).value().isPresent(), readings.toString());
    }
  }

  private static Reading only(List<Reading> readings, Signal signal) {
    List<Reading> of = readings.stream().filter(r -> r.signal() == signal).toList();
    assertEquals(1, of.size(), readings.toString());
    return of.get(0);
  }
}
