package io.cutover.shell.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libpq's order: conninfo, then service, then PG* variables, then defaults; passwords from .pgpass last. */
class ConnectionResolverTest {

  @TempDir
  Path home;

  private ConnectionSettings server(Map<String, String> env, Map<String, String> given) throws Exception {
    ConnectionTarget t = new ConnectionResolver(env, home).resolve(given, Optional.empty());
    return assertInstanceOf(ConnectionTarget.Server.class, t).settings();
  }

  @Test
  void noConninfoAndNoServerVariablesMeansTheEmbeddedServer() throws Exception {
    ConnectionTarget t = new ConnectionResolver(Map.of("PGPASSWORD", "x"), home).resolve(Map.of(), Optional.empty());
    assertEquals(home.resolve(".cutover/embedded"), assertInstanceOf(ConnectionTarget.Embedded.class, t).dataDirectory());
  }

  @Test
  void environmentFillsWhatTheConninfoLeavesOpen() throws Exception {
    var s = server(Map.of("PGHOST", "envhost", "PGPORT", "6543", "PGUSER", "envuser", "PGDATABASE", "envdb",
        "PGPASSWORD", "envpw"), Map.of("dbname", "given"));
    assertEquals("envhost", s.host());
    assertEquals(6543, s.port());
    assertEquals("envuser", s.user());
    assertEquals("given", s.database());
    assertEquals("envpw", s.password());
  }

  @Test
  void databaseDefaultsToTheUserName() throws Exception {
    var s = server(Map.of("PGUSER", "carol"), Map.of());
    assertEquals("carol", s.database());
    assertEquals("localhost", s.host());
    assertEquals(5432, s.port());
  }

  @Test
  void serviceFileEntriesComeBeforeTheEnvironment() throws Exception {
    Files.writeString(home.resolve(".pg_service.conf"), "[other]\nhost=no\n[prod]\nhost=svc-host\nport=7000\ndbname=svcdb\n");
    var s = server(Map.of("PGSERVICE", "prod", "PGHOST", "env-host"), Map.of());
    assertEquals("svc-host", s.host());
    assertEquals(7000, s.port());
    assertEquals("svcdb", s.database());
  }

  @Test
  void passwordFileIsReadWithWildcardsAndEscapes() throws Exception {
    Path pgpass = home.resolve(".pgpass");
    Files.writeString(pgpass, "# comment\nother:*:*:*:nope\ndb.example:*:app:alice:pa\\:ss\\\\word\n");
    Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
    var s = server(Map.of(), Map.of("host", "db.example", "dbname", "app", "user", "alice"));
    assertEquals("pa:ss\\word", s.password());
  }

  @Test
  void passwordFileReadableByOthersIsIgnoredWithAWarning() throws Exception {
    Path pgpass = home.resolve(".pgpass");
    Files.writeString(pgpass, "*:*:*:*:secret\n");
    Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
    ConnectionResolver r = new ConnectionResolver(Map.of(), home);
    var s = assertInstanceOf(ConnectionTarget.Server.class, r.resolve(Map.of("host", "h"), Optional.empty())).settings();
    assertNull(s.password());
    assertTrue(r.warnings().get(0).contains("has group or world access"), r.warnings().toString());
  }

  @Test
  void thePasswordIsNeverPartOfTheTextForms() throws Exception {
    var s = server(Map.of(), Map.of("host", "h", "user", "u", "password", "hunter2"));
    for (String text : new String[] {s.toString(), s.jdbcUrl(), s.describe()}) {
      assertTrue(!text.contains("hunter2"), text);
    }
  }
}
