package io.cutover.shell.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The production-configured servers the pacing tests stand on: what they promise holds. */
@org.junit.jupiter.api.Tag("postgres")
class ProductionServerTest {

  @Test
  void theStandaloneServerSyncsEveryCommit() throws Exception {
    TestDatabase db = ProductionServer.standalone().createDatabase("prod_settings");
    assertEquals("on", db.value("SHOW fsync"));
    assertEquals("on", db.value("SHOW synchronous_commit"));
    assertEquals("on", db.value("SHOW full_page_writes"));
  }

  @Test
  void theStandbyReplaysWhatThePrimaryWritesAndStopsWhenPaused() throws Exception {
    ProductionServer server = ProductionServer.replicated();
    TestDatabase db = server.createDatabase("prod_standby");
    db.execute("CREATE TABLE t (id int)");
    try (Connection standby = server.standby().connect(); Statement st = standby.createStatement()) {
      var rs = st.executeQuery("SELECT pg_is_in_recovery()");
      rs.next();
      assertTrue(rs.getBoolean(1));
    }
    server.standby().pauseReplay();
    try {
      db.execute("INSERT INTO t SELECT generate_series(1, 1000)");
      Await.until("the standby's replay to fall behind", () -> Long.parseLong(db.value(
          "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint FROM pg_stat_replication")) > 0);
    } finally {
      server.standby().resumeReplay();
    }
    Await.until("the standby to catch up", () -> db.value(
        "SELECT replay_lsn >= pg_current_wal_lsn() FROM pg_stat_replication").equals("t"));
  }

  @Test
  void aFailingArchiveCommandShowsInTheArchiverStatistics() throws Exception {
    ProductionServer server = ProductionServer.replicated();
    TestDatabase db = server.createDatabase("prod_archive");
    long failedBefore = Long.parseLong(db.value("SELECT failed_count FROM pg_stat_archiver"));
    server.archive().fail();
    try {
      db.execute("SELECT txid_current()", "SELECT pg_switch_wal()");
      Await.until("the archive_command to fail", () ->
          Long.parseLong(db.value("SELECT failed_count FROM pg_stat_archiver")) > failedBefore);
    } finally {
      server.archive().heal(db);
    }
    Await.until("the archive to catch up", () -> db.value("SELECT last_archived_time > last_failed_time"
        + " FROM pg_stat_archiver").equals("t"));
  }

  @Test
  void theOwnerAloneMayConnectOrReplicate() throws Exception {
    ProductionServer server = ProductionServer.replicated();
    TestDatabase db = server.createDatabase("prod_hba");
    db.execute("SET password_encryption = 'scram-sha-256'",
        "CREATE ROLE intruder LOGIN REPLICATION PASSWORD 'secret'");
    Properties p = new Properties();
    p.setProperty("user", "intruder");
    p.setProperty("password", "secret");
    p.setProperty("replication", "true");
    p.setProperty("preferQueryMode", "simple");
    p.setProperty("assumeMinServerVersion", "10");
    SQLException login = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name(), "intruder", "secret").close());
    assertTrue(login.getMessage().contains("pg_hba.conf"), login.getMessage());
    SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name(), p).close());
    assertTrue(refused.getMessage().contains("pg_hba.conf"), refused.getMessage());
  }
}
