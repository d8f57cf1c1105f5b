package io.cutover.shell.connect;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;

/**
 * The embedded PostgreSQL 17 (binaries from Maven Central). Its data directory is kept between
 * runs. When another cutover already runs a server on the same directory, this one connects to it
 * instead of starting a second. The server stays up while any session uses it: whichever shell
 * leaves last, owner or not, stops it ({@link #leave()}); {@link #stop} stops it for everyone.
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

  /** Set when this shell started the server (the banner says so); any shell may stop it, the last one out. */
  private final EmbeddedPostgres started;
  private final Path dataDirectory;
  private final int port;
  private final Optional<String> password;
  private final AtomicBoolean left = new AtomicBoolean();

  /** The application name of the connection that asks who else is there, as another shell leaves. */
  private static final String LEAVING = "cutover (leaving)";
  /**
   * Client backends other than the asking one (autovacuum, walsender and the like are not users),
   * nor another shell's asking: two shells leaving at once must not keep the server up for each other.
   */
  private static final String OTHER_SESSIONS = """
      SELECT coalesce(nullif(application_name, ''), 'unnamed')
        FROM pg_stat_activity
       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name IS DISTINCT FROM ?
      """;
  /** The same sessions, ended: what --embedded-stop does before the smart shutdown can complete. */
  private static final String END_OTHER_SESSIONS = """
      SELECT coalesce(nullif(application_name, ''), 'unnamed')
        FROM pg_stat_activity
       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name IS DISTINCT FROM ?
         AND pg_terminate_backend(pid)
      """;
  /** A closed connection's backend exits within milliseconds; this much covers a loaded machine. */
  private static final Duration OWN_SESSIONS_GONE = Duration.ofSeconds(3);
  private static final Duration POLL = Duration.ofMillis(50);

  private EmbeddedServer(EmbeddedPostgres started, Path dataDirectory, int port, Optional<String> password) {
    this.started = started;
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
      return new EmbeddedServer(null, dataDirectory, running.get().port(), readPassword(passfile));
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
        // The server outlives this shell while other sessions use it: the Shell decides, on \q and on SIGTERM.
        .setRegisterShutdownHook(false)
        .setDataDirectory(dataDirectory.toFile())
        .setCleanDataDirectory(false)
        .setServerConfig("max_connections", "100")
        // A workstation's disk: WAL kept between checkpoints stays under half a gigabyte (the
        // demo's directory reached 920 MB with 2 GB, half of it WAL); a big load checkpoints more often.
        .setServerConfig("max_wal_size", "512MB")
        .setServerConfig("min_wal_size", "64MB")
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

  /** Whether this shell started the server. */
  public boolean isOwner() {
    return started != null;
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

  /** What {@link #leave()} did. */
  public sealed interface Departure {
    /** No other session used the server: it is stopped. */
    record Stopped() implements Departure { }

    /** Other sessions use the server, so it keeps running; {@code sessions} names them (application names). */
    record KeptRunning(List<String> sessions) implements Departure { }
  }

  /**
   * Leaves the server: stops it unless other sessions use it. Call after this shell's own
   * connections are closed; their backends end a moment after the sockets close, so the count is
   * waited for (up to {@link #OWN_SESSIONS_GONE}) rather than read once. Only the first call acts.
   */
  public Departure leave() throws IOException {
    if (!left.compareAndSet(false, true)) {
      return new Departure.Stopped();
    }
    Optional<RunningPostmaster> running = RunningPostmaster.find(dataDirectory);
    if (running.isPresent()) {
      List<String> others = sessions(OTHER_SESSIONS, OWN_SESSIONS_GONE);
      if (!others.isEmpty()) {
        return new Departure.KeptRunning(others);
      }
      running.get().stop();
    }
    if (started != null) {
      // Releases the directory's lock file; the server is down already, so its own stop finds nothing.
      started.close();
    }
    return new Departure.Stopped();
  }

  @Override
  public void close() throws IOException {
    leave();
  }

  /**
   * Whether a first connection failed because the server went down under it (another shell left
   * last in between: "the database system is shutting down", or refused); if so, waits until it
   * is down and lets go of the directory, so that a new start can take it.
   */
  public boolean stoppedUnder(SQLException failure) throws IOException {
    String state = failure.getSQLState();
    if (!"57P03".equals(state) && !"08001".equals(state)) {
      return false;
    }
    Optional<RunningPostmaster> running = RunningPostmaster.find(dataDirectory);
    if (running.isPresent() && running.get().port() == port) {
      running.get().awaitExit();
    }
    left.set(true);
    if (started != null) {
      started.close();
    }
    return true;
  }

  /**
   * {@code --embedded-stop}: a fast shutdown of the server on {@code dataDirectory}, whoever uses it.
   *
   * @return the sessions it disconnected; empty when no server ran there
   */
  public static Optional<List<String>> stop(Path dataDirectory) throws IOException {
    Optional<RunningPostmaster> running = RunningPostmaster.find(dataDirectory);
    if (running.isEmpty()) {
      return Optional.empty();
    }
    EmbeddedServer joined = new EmbeddedServer(null, dataDirectory, running.get().port(),
        readPassword(dataDirectory.resolve(PASSFILE)));
    List<String> sessions = joined.sessions(END_OTHER_SESSIONS, Duration.ZERO);
    running.get().stop();
    return Optional.of(sessions);
  }

  /**
   * {@code --fresh}: removes the data directory so that the next start makes a new one. Only a
   * directory cutover made (it holds {@link #PASSFILE}); a server running there with other sessions
   * is refused by name, one with none is stopped first.
   */
  public static void discard(Path dataDirectory) throws IOException {
    if (!Files.exists(dataDirectory)) {
      return;
    }
    if (!Files.isRegularFile(dataDirectory.resolve(PASSFILE)) || !Files.isRegularFile(dataDirectory.resolve("PG_VERSION"))) {
      throw new IOException(dataDirectory + " is not a data directory made by cutover (no " + PASSFILE
          + "): --fresh removes only those; remove it yourself, or choose another with --embedded DIR");
    }
    Optional<RunningPostmaster> running = RunningPostmaster.find(dataDirectory);
    if (running.isPresent()) {
      EmbeddedServer joined = new EmbeddedServer(null, dataDirectory, running.get().port(),
          readPassword(dataDirectory.resolve(PASSFILE)));
      List<String> sessions = joined.sessions(OTHER_SESSIONS, Duration.ZERO);
      if (!sessions.isEmpty()) {
        throw new IOException("the server in " + dataDirectory + " is in use by " + describe(sessions)
            + ": leave those first, or stop it for everyone with --embedded-stop");
      }
      running.get().stop();
    }
    try (var paths = Files.walk(dataDirectory)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** "2 sessions (cutover, psql)". */
  public static String describe(List<String> sessions) {
    String names = String.join(", ", new java.util.TreeSet<>(sessions));
    return sessions.size() + (sessions.size() == 1 ? " session" : " sessions") + (names.isEmpty() ? "" : " (" + names + ")");
  }

  /**
   * The client sessions {@code query} finds (by application name); waits up to {@code patience}
   * for them to be none (this shell's own, closing).
   */
  private List<String> sessions(String query, Duration patience) throws IOException {
    Properties p = new Properties();
    p.setProperty("user", SUPERUSER);
    password.ifPresent(pw -> p.setProperty("password", pw));
    p.setProperty("ApplicationName", LEAVING);
    long deadline = System.nanoTime() + patience.toNanos();
    try (Connection c = DriverManager.getConnection(settings("postgres").jdbcUrl(), p);
         PreparedStatement st = c.prepareStatement(query)) {
      st.setString(1, LEAVING);
      while (true) {
        List<String> sessions = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            sessions.add(rs.getString(1));
          }
        }
        if (sessions.isEmpty() || System.nanoTime() > deadline) {
          return sessions;
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (SQLException e) {
      throw new IOException("could not ask the embedded server in " + dataDirectory + " who uses it: "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while leaving the embedded server in " + dataDirectory, e);
    }
  }


  /** The command line that stops this server for everyone. */
  public String stopCommand() {
    return "cutover --embedded " + shellWord(dataDirectory.toString()) + " --embedded-stop";
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
}
