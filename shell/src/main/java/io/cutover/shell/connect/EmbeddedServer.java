package io.cutover.shell.connect;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The embedded PostgreSQL 17 (binaries from Maven Central). Its data directory is kept between
 * runs; the server is stopped with the shell. When another cutover already runs a server on the
 * same directory, this one connects to it instead of starting a second.
 */
public final class EmbeddedServer implements AutoCloseable {

  private final EmbeddedPostgres server;
  private final Path dataDirectory;
  private final int port;

  private EmbeddedServer(EmbeddedPostgres server, Path dataDirectory, int port) {
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /** Starts the server on {@code dataDirectory}, creating it on first use, or joins the one already running there. */
  public static EmbeddedServer start(Path dataDirectory) throws IOException {
    Files.createDirectories(dataDirectory);
    var running = RunningPostmaster.find(dataDirectory);
    if (running.isPresent()) {
      return new EmbeddedServer(null, dataDirectory, running.get());
    }
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
        // Stops the server when the JVM ends on a signal too (SIGTERM, Ctrl-C in a script), not only on \q.
        .setRegisterShutdownHook(true)
        .setDataDirectory(dataDirectory.toFile())
        .setCleanDataDirectory(false)
        .setServerConfig("max_connections", "100")
        .setServerConfig("max_wal_size", "2GB")
        .setServerConfig("listen_addresses", "localhost")
        .start();
    return new EmbeddedServer(pg, dataDirectory, pg.getPort());
  }

  /** Whether this shell started the server (and so stops it). */
  public boolean isOwner() {
    return server != null;
  }

  public int port() {
    return port;
  }

  public ConnectionSettings settings(String database) {
    return new ConnectionSettings("localhost", port, database, "postgres", null, Map.of());
  }

  /** The line that tells the user where the server is and how to reach it with psql. */
  public String banner() {
    String how = isOwner() ? "embedded PostgreSQL 17" : "embedded PostgreSQL 17 (already running)";
    return how + " at " + dataDirectory + ", port " + port + " (psql -h localhost -p " + port + " -U postgres)";
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  /** A postmaster already serving a data directory, found from its {@code postmaster.pid}. */
  private static final class RunningPostmaster {
    static java.util.Optional<Integer> find(Path dataDirectory) {
      Path pidFile = dataDirectory.resolve("postmaster.pid");
      try {
        if (!Files.isRegularFile(pidFile)) {
          return java.util.Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid = Long.parseLong(lines.get(0).trim());
        if (lines.size() < 4 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(Integer.parseInt(lines.get(3).trim()));
      } catch (IOException | RuntimeException e) {
        return java.util.Optional.empty();
      }
    }
  }
}
