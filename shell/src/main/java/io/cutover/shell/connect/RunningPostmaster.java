package io.cutover.shell.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A postmaster serving a data directory, found from its {@code postmaster.pid}. */
record RunningPostmaster(long pid, int port, Path dataDirectory) {

  /** How long a stop may take before we say so: the shutdown checkpoint writes what is dirty. */
  private static final long STOP_SECONDS = 60;

  static Optional<RunningPostmaster> find(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile);
      long pid = Long.parseLong(lines.get(0).trim());
      if (lines.size() < 4 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        return Optional.empty();
      }
      return Optional.of(new RunningPostmaster(pid, Integer.parseInt(lines.get(3).trim()), dataDirectory));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * SIGTERM, a smart shutdown: the server ends once no session is left (the caller has ended or
   * waited for them), then checkpoints. Not pg_ctl: it refuses to run as root, where the server runs.
   */
  void stop() throws IOException {
    ProcessHandle process = ProcessHandle.of(pid).orElse(null);
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    awaitExit();
  }

  /** Returns once the postmaster has exited (a shutdown under way, ours or another's). */
  void awaitExit() throws IOException {
    ProcessHandle process = ProcessHandle.of(pid).orElse(null);
    if (process == null) {
      return;
    }
    try {
      process.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the server in " + dataDirectory + " stops", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the server in " + dataDirectory + " (process " + pid + ") did not stop within "
          + STOP_SECONDS + " s: a session may still be connected", e);
    }
  }
}
