package io.cutover.shell.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * PostgreSQL configured as production runs it, from the embedded binaries, each started once per
 * test JVM when a test first asks and stopped when the JVM exits:
 * <ul>
 *   <li>{@link #standalone()}: fsync, synchronous_commit and full-page writes on (the embedded
 *       server the other tests use has fsync off);</li>
 *   <li>{@link #replicated()}: the same, archiving its WAL through an {@link Archive} a test can
 *       make fail, with one streaming {@link Standby} on loopback made from a copy of its data
 *       directory.</li>
 * </ul>
 * Both admit only their owner, as the shell's embedded server does: no Unix socket, every TCP
 * connection gives the superuser's generated password (SCRAM), and replication is allowed to that
 * superuser alone.
 */
public final class ProductionServer {

  private static final String SUPERUSER = "postgres";
  /** The standby's name in pg_stat_replication (its application_name), as a status line shows it. */
  public static final String STANDBY_NAME = "replica1";

  private static ProductionServer standalone;
  private static ProductionServer replicated;

  private final PostgresServer primary;
  private final Optional<Standby> standby;
  private final Optional<Archive> archive;

  private ProductionServer(PostgresServer primary, Optional<Standby> standby, Optional<Archive> archive) {
    this.primary = primary;
    this.standby = standby;
    this.archive = archive;
  }

  /** A production-configured server alone: no standby, no archive. */
  public static synchronized ProductionServer standalone() {
    if (standalone == null) {
      standalone = start(false);
    }
    return standalone;
  }

  /** A production-configured primary with a streaming standby and a WAL archive. */
  public static synchronized ProductionServer replicated() {
    if (replicated == null) {
      replicated = start(true);
    }
    return replicated;
  }

  /** A new, empty database on the primary for one test class. */
  public TestDatabase createDatabase(String prefix) {
    return primary.createDatabase(prefix);
  }

  public Standby standby() {
    return standby.orElseThrow(() -> new IllegalStateException("this server has no standby: use replicated()"));
  }

  public Archive archive() {
    return archive.orElseThrow(() -> new IllegalStateException("this server archives nothing: use replicated()"));
  }

  private static ProductionServer start(boolean replicated) {
    try {
      Path dir = Files.createTempDirectory("cutover-test-prod");
      String password = newPassword();
      Optional<Archive> archive = replicated ? Optional.of(Archive.create(dir.resolve("archive"))) : Optional.empty();
      Path data = dir.resolve("primary");
      Path pwfile = privateFile(dir.resolve("pwfile"), password);
      EmbeddedPostgres pg = production(EmbeddedPostgres.builder(), password)
          .setDataDirectory(data.toFile()).setCleanDataDirectory(true)
          .setLocaleConfig("auth-local", "scram-sha-256").setLocaleConfig("auth-host", "scram-sha-256")
          .setLocaleConfig("pwfile", pwfile.toString())
          .setDataDirectoryCustomizer(d -> configure(data, archive))
          .start();
      Files.delete(pwfile);
      PostgresServer primary = new PostgresServer("localhost", pg.getPort(), SUPERUSER, password, "postgres", data);
      Optional<Standby> standby = replicated ? Optional.of(Standby.start(primary, pg.getPort(), password,
          dir.resolve("standby"))) : Optional.empty();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        standby.ifPresent(Standby::quietlyStop);
        try {
          pg.close();
        } catch (IOException e) {
          // The JVM is exiting; the directories are temporary.
        }
      }));
      return new ProductionServer(primary, standby, archive);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the production-configured PostgreSQL for tests", e);
    }
  }

  /**
   * What production runs with, on the postmaster's command line, where it overrides the
   * {@code -F} (fsync off) the embedded launcher always passes.
   */
  private static EmbeddedPostgres.Builder production(EmbeddedPostgres.Builder builder, String password) {
    return builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on").setServerConfig("max_connections", "100")
        .setServerConfig("listen_addresses", "localhost").setServerConfig("unix_socket_directories", "")
        .setConnectConfig("password", password);
  }

  /**
   * After initdb: only the owner, with its password, and replication for it alone; WAL archived
   * through the archive's script (in postgresql.conf: the command line cannot carry its quotes).
   */
  private static void configure(Path data, Optional<Archive> archive) {
    try {
      Files.writeString(data.resolve("pg_hba.conf"), """
          # Written by the test kit: the owner alone, with its password; replication for it alone.
          host all postgres 127.0.0.1/32 scram-sha-256
          host all postgres ::1/128 scram-sha-256
          host replication postgres 127.0.0.1/32 scram-sha-256
          host replication postgres ::1/128 scram-sha-256
          """);
      StringBuilder conf = new StringBuilder("\n# Written by the test kit\nwal_level = replica\nmax_wal_senders = 4\n");
      archive.ifPresent(a -> conf.append("archive_mode = on\narchive_command = '")
          .append(a.script.toString().replace("'", "''")).append(" \"%p\" \"%f\"'\n"));
      Files.writeString(data.resolve("postgresql.conf"), conf, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Path privateFile(Path file, String text) throws IOException {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    return Files.writeString(file, text);
  }

  /**
   * The WAL archive: a script that copies each segment into a directory, and fails (exit 1,
   * archiving nothing) while {@link #fail()} holds, as an archive whose storage is gone.
   */
  public static final class Archive {

    private final Path script;
    private final Path flag;

    private Archive(Path script, Path flag) {
      this.script = script;
      this.flag = flag;
    }

    static Archive create(Path dir) throws IOException {
      Path into = Files.createDirectories(dir.resolve("segments"));
      Path flag = dir.resolve("failing");
      Path script = dir.resolve("archive.sh");
      Files.writeString(script, "#!/bin/sh\n[ -e '" + flag + "' ] && exit 1\nexec cp \"$1\" '" + into + "'/\"$2\"\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      return new Archive(script, flag);
    }

    /** From now on every archive_command fails. */
    public void fail() throws IOException {
      Files.writeString(flag, "");
    }

    /**
     * The archive works again, and the archiver is woken to try at once: it retries a failed
     * segment only on its next wake-up (up to a minute), or when another segment is ready, so one
     * is made ready here (a commit, then a switch to a new segment).
     */
    public void heal(TestDatabase db) throws IOException, SQLException {
      Files.deleteIfExists(flag);
      db.execute("SELECT txid_current()", "SELECT pg_switch_wal()");
    }
  }

  /** The streaming standby. */
  public static final class Standby {

    private final EmbeddedPostgres server;
    private final String password;
    private final Path data;

    private Standby(EmbeddedPostgres server, String password, Path data) {
      this.server = server;
      this.password = password;
      this.data = data;
    }

    /**
     * A base backup taken by hand (the embedded binaries have no pg_basebackup): a replication
     * slot keeps the WAL from the backup's start, the data directory is copied between
     * pg_backup_start and pg_backup_stop, and the backup label written into the copy, which
     * then starts as a standby streaming from the primary.
     */
    static Standby start(PostgresServer primary, int primaryPort, String password, Path data) throws Exception {
      try (Connection c = primary.connect("postgres"); Statement st = c.createStatement()) {
        try (PreparedStatement slot = c.prepareStatement("SELECT pg_create_physical_replication_slot(?, true)")) {
          slot.setString(1, STANDBY_NAME);
          slot.execute();
        }
        st.execute("SELECT pg_backup_start('cutover test standby', true)");
        copy(primary.dataDirectory(), data);
        try (ResultSet rs = st.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
          rs.next();
          Files.writeString(data.resolve("backup_label"), rs.getString(1));
        }
      }
      Files.writeString(data.resolve("standby.signal"), "");
      String conninfo = "host=localhost port=" + primaryPort + " user=" + SUPERUSER + " password=" + password
          + " application_name=" + STANDBY_NAME;
      Files.writeString(data.resolve("postgresql.auto.conf"), "primary_conninfo = '" + conninfo + "'\n"
          + "primary_slot_name = '" + STANDBY_NAME + "'\n", StandardOpenOption.APPEND);
      EmbeddedPostgres pg = production(EmbeddedPostgres.builder(), password)
          .setDataDirectory(data.toFile()).setCleanDataDirectory(false).start();
      Standby standby = new Standby(pg, password, data);
      Await.until("the standby to stream from the primary", () -> {
        try (Connection c = primary.connect("postgres"); PreparedStatement ps = c.prepareStatement(
            "SELECT count(*) FROM pg_stat_replication WHERE application_name = ? AND state = 'streaming'")) {
          ps.setString(1, STANDBY_NAME);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) == 1;
          }
        }
      });
      return standby;
    }

    /** Copies a running server's data directory, without what a base backup leaves out. */
    private static void copy(Path from, Path to) throws IOException {
      Set<String> skipFiles = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label");
      Set<String> emptyDirectories = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp");
      Files.walkFileTree(from, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          Files.createDirectories(to.resolve(from.relativize(dir).toString()));
          Files.setPosixFilePermissions(to.resolve(from.relativize(dir).toString()),
              PosixFilePermissions.fromString("rwx------"));
          return !dir.equals(from) && emptyDirectories.contains(dir.getFileName().toString())
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (!skipFiles.contains(file.getFileName().toString())) {
            try {
              Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            } catch (NoSuchFileException e) {
              // Gone while copied (a temporary file): the WAL from the backup's start rebuilds what matters.
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
      Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
      Files.createDirectories(to.resolve("pg_wal").resolve("summaries"));
    }

    /** A connection to the standby (read-only: it is in recovery). */
    public Connection connect() throws SQLException {
      Properties p = new Properties();
      p.setProperty("user", SUPERUSER);
      p.setProperty("password", password);
      return DriverManager.getConnection("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", p);
    }

    public String name() {
      return STANDBY_NAME;
    }

    /** Stops replaying WAL (it still receives it): its replay lag grows with every write on the primary. */
    public void pauseReplay() throws SQLException {
      try (Connection c = connect(); Statement st = c.createStatement()) {
        st.execute("SELECT pg_wal_replay_pause()");
      }
    }

    public void resumeReplay() throws SQLException {
      try (Connection c = connect(); Statement st = c.createStatement()) {
        st.execute("SELECT pg_wal_replay_resume()");
      }
    }

    private void quietlyStop() {
      try {
        server.close();
        deleteTree(data);
      } catch (IOException e) {
        // The JVM is exiting; the directory is temporary.
      }
    }

    private static void deleteTree(Path dir) throws IOException {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
