package io.cutover.shell.connect;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.PGConnection;

/**
 * The embedded PostgreSQL 17 (binaries from Maven Central). Its data directory is kept between
 * runs; the server is stopped with the shell. When another cutover already runs a server on the
 * same directory, this one connects to it instead of starting a second.
 *
 * <p>The server is private to the OS user who owns the data directory: no Unix socket, and on
 * TCP (localhost only) every connection must give the superuser's generated password (SCRAM),
 * which is kept in the 0600 password file {@link #PASSFILE} inside the 0700 data directory.
 * A data directory made by an older cutover (trust) is converted on its next start.
 */
public final class EmbeddedServer implements AutoCloseable {

  /** The password file (libpq's format), inside the data directory: private because the directory is. */
  public static final String PASSFILE = "cutover.pgpass";
  private static final String SUPERUSER = "postgres";
  private static final int PASSWORD_BYTES = 24;

  /** Every connection gives the password; kept whole so that a start can tell an older, trusting file. */
  private static final String HBA = """
      # Written by cutover: the embedded server is private to the user who owns this directory.
      # Every connection gives the superuser's password, which is in cutover.pgpass (mode 0600).
      local all all scram-sha-256
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private final EmbeddedPostgres server;
  private final Path dataDirectory;
  private final int port;
  private final Optional<String> password;

  private EmbeddedServer(EmbeddedPostgres server, Path dataDirectory, int port, Optional<String> password) {
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.password = password;
  }

  /**
   * Starts the server on {@code dataDirectory}, creating it on first use, or joins the one already
   * running there.
   *
   * @param stateDirectory cutover's own private directory ({@code ~/.cutover}), where the first
   *     password is handed to initdb
   */
  public static EmbeddedServer start(Path dataDirectory, Path stateDirectory) throws IOException {
    PrivateFiles.directory(stateDirectory);
    Path passfile = dataDirectory.resolve(PASSFILE);
    var running = RunningPostmaster.find(dataDirectory);
    if (running.isPresent()) {
      // Empty when an older cutover started it (it trusts): joining needs no password then.
      return new EmbeddedServer(null, dataDirectory, running.get(), readPassword(passfile));
    }
    boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
    Optional<String> kept = fresh ? Optional.empty() : readPassword(passfile);
    if (!fresh && kept.isEmpty() && isPrivate(dataDirectory)) {
      throw new IOException("the embedded server's password file " + passfile + " is missing, or readable by"
          + " others (it must be mode 0600): no one can log in without it. Restore it, or chmod 600 it,"
          + " or use another data directory with --embedded DIR");
    }
    String password = kept.orElseGet(EmbeddedServer::newPassword);
    Files.createDirectories(dataDirectory);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        // Stops the server when the JVM ends on a signal too (SIGTERM, Ctrl-C in a script), not only on \q.
        .setRegisterShutdownHook(true)
        .setDataDirectory(dataDirectory.toFile())
        .setCleanDataDirectory(false)
        .setServerConfig("max_connections", "100")
        .setServerConfig("max_wal_size", "2GB")
        .setServerConfig("listen_addresses", "localhost")
        // No socket at all: its default place, /tmp, is open to every local user.
        .setServerConfig("unix_socket_directories", "")
        .setConnectConfig("password", password)
        // After initdb, before the postmaster: the password is on disk before the server can ask for it.
        .setDataDirectoryCustomizer(dir -> prepare(dataDirectory, password, fresh));
    Path pwfile = null;
    try {
      if (fresh) {
        pwfile = PrivateFiles.temporaryFile(stateDirectory, password);
        builder.setLocaleConfig("auth-local", "scram-sha-256").setLocaleConfig("auth-host", "scram-sha-256")
            .setLocaleConfig("pwfile", pwfile.toString());
      }
      EmbeddedPostgres pg = builder.start();
      EmbeddedServer started = new EmbeddedServer(pg, dataDirectory, pg.getPort(), Optional.of(password));
      if (!fresh && !isPrivate(dataDirectory)) {
        started.makePrivate(password);
      }
      return started;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      if (pwfile != null) {
        Files.deleteIfExists(pwfile);
      }
    }
  }

  /**
   * Converts a data directory made by an older cutover, whose pg_hba.conf trusted every local
   * connection: the superuser gets the password (sent as a SCRAM verifier, never as text), then
   * pg_hba.conf asks for it, then the server reloads. Until the reload the old rules hold.
   */
  private void makePrivate(String newPassword) throws IOException {
    Properties p = new Properties();
    p.setProperty("user", SUPERUSER);
    p.setProperty("password", newPassword);
    try (Connection c = DriverManager.getConnection(settings("postgres").jdbcUrl(), p);
         Statement st = c.createStatement()) {
      c.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, newPassword.toCharArray(), "scram-sha-256");
      PrivateFiles.replace(dataDirectory.resolve("pg_hba.conf"), HBA);
      st.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("could not set the password of the embedded server in " + dataDirectory
          + " (it still trusts local connections): " + e.getMessage(), e);
    }
  }

  /** Whether this shell started the server (and so stops it). */
  public boolean isOwner() {
    return server != null;
  }

  public int port() {
    return port;
  }

  public ConnectionSettings settings(String database) {
    return new ConnectionSettings("localhost", port, database, SUPERUSER, password.orElse(null), Map.of());
  }

  /**
   * The line that tells the user where the server is and how to reach it with psql: through the
   * password file, so the password itself is never shown.
   */
  public String banner() {
    String how = isOwner() ? "embedded PostgreSQL 17" : "embedded PostgreSQL 17 (already running)";
    String psql = "psql -h localhost -p " + port + " -U " + SUPERUSER;
    if (password.isPresent()) {
      psql = "PGPASSFILE=" + shellWord(dataDirectory.resolve(PASSFILE).toString()) + " " + psql;
    }
    return how + " at " + dataDirectory + ", port " + port + " (" + psql + ")";
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  /** Whether the directory's pg_hba.conf is cutover's (every connection gives the password). */
  private static boolean isPrivate(Path dataDirectory) throws IOException {
    Path hba = dataDirectory.resolve("pg_hba.conf");
    return Files.isRegularFile(hba) && Files.readString(hba).equals(HBA);
  }

  private static String newPassword() {
    byte[] bytes = new byte[PASSWORD_BYTES];
    new SecureRandom().nextBytes(bytes);
    // URL-safe base64: no ':' or '\' to escape in the password file, no quote for a shell.
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Optional<String> readPassword(Path passfile) {
    List<String> ignored = new ArrayList<>();
    return PgPassFile.lookup(passfile, "localhost", 0, "*", SUPERUSER, ignored);
  }

  /** Writes the password file, and cutover's pg_hba.conf over initdb's on a new directory. */
  private static void prepare(Path dataDirectory, String password, boolean fresh) {
    try {
      PrivateFiles.replace(dataDirectory.resolve(PASSFILE), "localhost:*:*:" + SUPERUSER + ":" + password + "\n");
      if (fresh) {
        PrivateFiles.replace(dataDirectory.resolve("pg_hba.conf"), HBA);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A word a POSIX shell reads back as {@code text}: as it is when plain, else in single quotes. */
  private static String shellWord(String text) {
    return text.matches("[A-Za-z0-9_./+,:@%=-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  /** A postmaster already serving a data directory, found from its {@code postmaster.pid}. */
  private static final class RunningPostmaster {
    static Optional<Integer> find(Path dataDirectory) {
      Path pidFile = dataDirectory.resolve("postmaster.pid");
      try {
        if (!Files.isRegularFile(pidFile)) {
          return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid = Long.parseLong(lines.get(0).trim());
        if (lines.size() < 4 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
          return Optional.empty();
        }
        return Optional.of(Integer.parseInt(lines.get(3).trim()));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}
