package io.cutover.shell.testkit;

import io.cutover.shell.cli.Main;
import io.cutover.shell.run.ShellEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the real {@link Main} in-process, as a user would from a script: arguments, standard
 * input, environment and home directory given; exit status, stdout and stderr captured apart.
 */
public final class ShellRun {

  /** What a run printed and returned. */
  public record Result(int status, String out, String err) {
    @Override
    public String toString() {
      return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final List<String> args = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private String stdin = "";
  private Path home;
  private Path workingDirectory;

  private ShellRun() {
  }

  /** A run against {@code db}: its conninfo is the last argument, {@code -X} skips any rc file. */
  public static ShellRun on(TestDatabase db) {
    ShellRun r = new ShellRun();
    r.env.putAll(db.environment());
    r.args.add("-X");
    r.args.add(db.conninfo());
    return r;
  }

  /** A run with no server named: the shell decides (embedded, or the PG* variables given). */
  public static ShellRun bare() {
    return new ShellRun();
  }

  public ShellRun args(String... more) {
    args.addAll(List.of(more));
    return this;
  }

  /** Writes {@code text} to {@code file} and runs it with {@code -f}, after the arguments given so far. */
  public ShellRun script(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return args("-f", file.toString());
  }

  public ShellRun stdin(String text) {
    this.stdin = text;
    return this;
  }

  public ShellRun env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public ShellRun home(Path dir) {
    this.home = dir;
    return this;
  }

  public ShellRun in(Path dir) {
    this.workingDirectory = dir;
    return this;
  }

  public Result run() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path h = home;
    try {
      if (h == null) {
        h = Files.createTempDirectory("cutover-home");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ShellEnvironment environment = new ShellEnvironment(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        env, h, workingDirectory == null ? Path.of("").toAbsolutePath() : workingDirectory);
    int status = new Main(environment, Optional.empty(), prompt -> Optional.empty()).run(args.toArray(String[]::new));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
