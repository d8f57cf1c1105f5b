package io.cutover.shell.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where query results go: standard output, a file named by {@code \o}, or a command's input ({@code \o |cmd}). */
final class Output implements AutoCloseable {

  /** What closing the output does besides closing the stream (waiting for a piped command). */
  @FunctionalInterface
  private interface Finish {
    void run() throws InterruptedException;
  }

  private final PrintStream stream;
  private final Finish finish;

  private Output(PrintStream stream, Finish finish) {
    this.stream = stream;
    this.finish = finish;
  }

  static Output standard(PrintStream out) {
    return new Output(out, null);
  }

  static Output toFile(Path file) throws IOException {
    OutputStream os = Files.newOutputStream(file);
    return new Output(new PrintStream(os, true, StandardCharsets.UTF_8), () -> { });
  }

  /**
   * Results written to {@code command}'s standard input; what it prints goes to the shell's own
   * output and error streams, as a child of psql's popen writes to psql's. Closing waits for it.
   */
  static Output toPipe(String command, ShellEnvironment environment) throws IOException {
    Process process = environment.shellCommand(command).start();
    List<Thread> pumps = List.of(pump(process.getInputStream(), environment.out()),
        pump(process.getErrorStream(), environment.err()));
    return new Output(new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8), () -> {
      process.waitFor();
      for (Thread t : pumps) {
        t.join();
      }
    });
  }

  private static Thread pump(InputStream from, PrintStream to) {
    Thread t = new Thread(() -> {
      try (from) {
        from.transferTo(to);
        to.flush();
      } catch (IOException e) {
        // The command's output closed under it: nothing left to show.
      }
    }, "cutover-output-pipe");
    t.setDaemon(true);
    t.start();
    return t;
  }

  PrintStream stream() {
    return stream;
  }

  /** Whether this is standard output (so a pager may take it). */
  boolean isStandard() {
    return finish == null;
  }

  @Override
  public void close() {
    if (finish == null) {
      return;
    }
    stream.close();
    try {
      finish.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
