package io.cutover.shell.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the tests run against: one embedded PostgreSQL 17 per test JVM, started
 * on first use and stopped when the JVM exits; or the server {@code PGTEST_URL} names
 * ({@code postgresql://user:password@host:port/db}), where each test class gets its own
 * database all the same.
 */
public final class PostgresServer {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer instance;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String adminDatabase;
  private final Path dataDirectory;

  PostgresServer(String host, int port, String user, String password, String adminDatabase,
                         Path dataDirectory) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.adminDatabase = adminDatabase;
    this.dataDirectory = dataDirectory;
  }

  public static synchronized PostgresServer get() {
    if (instance == null) {
      String url = System.getenv("PGTEST_URL");
      instance = url == null || url.isBlank() ? startEmbedded() : fromUrl(url);
    }
    return instance;
  }

  private static PostgresServer startEmbedded() {
    try {
      Path dir = Files.createTempDirectory("cutover-test-pg");
      EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.toFile()).setCleanDataDirectory(true)
          .setServerConfig("max_connections", "200").start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (IOException e) {
          // The JVM is exiting; the data directory is temporary.
        }
      }));
      return new PostgresServer("localhost", pg.getPort(), "postgres", null, "postgres", dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
    }
  }

  private static PostgresServer fromUrl(String url) {
    java.net.URI u = java.net.URI.create(url.replaceFirst("^jdbc:", ""));
    String[] userInfo = u.getUserInfo() == null ? new String[] {"postgres"} : u.getUserInfo().split(":", 2);
    String db = u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1);
    return new PostgresServer(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), userInfo[0],
        userInfo.length > 1 ? userInfo[1] : null, db, null);
  }

  /** A new, empty database for one test class. */
  public TestDatabase createDatabase(String prefix) {
    String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet())
        .toLowerCase(java.util.Locale.ROOT);
    try (Connection c = connect(adminDatabase); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return new TestDatabase(this, name);
  }

  /**
   * A login role that must give its password (SCRAM), for tests of password handling. Only the
   * embedded server's pg_hba.conf can be changed; empty under PGTEST_URL.
   */
  public synchronized java.util.Optional<String> passwordRole(String role, String password) {
    if (dataDirectory == null) {
      return java.util.Optional.empty();
    }
    try (Connection c = connect(adminDatabase); Statement st = c.createStatement()) {
      st.execute("SET password_encryption = 'scram-sha-256'");
      st.execute("DROP ROLE IF EXISTS \"" + role + "\"");
      st.execute("CREATE ROLE \"" + role + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
      Path hba = dataDirectory.resolve("pg_hba.conf");
      String rule = "host all " + role + " 127.0.0.1/32 scram-sha-256\nhost all " + role + " ::1/128 scram-sha-256\n";
      String current = Files.readString(hba);
      if (!current.contains(rule)) {
        Files.writeString(hba, rule + current);
      }
      st.execute("SELECT pg_reload_conf()");
      return java.util.Optional.of(role);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("could not create password role " + role, e);
    }
  }

  Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }
}
