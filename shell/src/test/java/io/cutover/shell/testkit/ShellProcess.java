package io.cutover.shell.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell as a separate JVM process, on the test class path or from the runnable jar, for what
 * must happen to a real process: SIGKILL in the middle of work, classes only the jar may lack.
 * Output goes to files, read with {@link #output()}.
 */
public final class ShellProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ShellProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static ShellProcess start(TestDatabase db, String... args) throws IOException {
    return start(db, java.util.Map.of(), args);
  }

  /** A process whose environment also has {@code env} (LC_ALL=C, ...). */
  public static ShellProcess start(TestDatabase db, java.util.Map<String, String> env, String... args)
      throws IOException {
    return start(List.of("-cp", System.getProperty("java.class.path"), "io.cutover.shell.cli.Main"), db,
        Path.of("").toAbsolutePath(), env, args);
  }

  /** The runnable jar users run, in {@code directory}: what the jar lacks fails here, not on a user's machine. */
  public static ShellProcess startJar(Path jar, TestDatabase db, Path directory, String... args) throws IOException {
    return start(List.of("-jar", jar.toString()), db, directory, java.util.Map.of(), args);
  }

  /** A shell on the embedded server (its arguments say which: {@code --embedded DIR}), with {@code home} as HOME. */
  public static ShellProcess embedded(Path home, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
        "io.cutover.shell.cli.Main", "-X"));
    command.addAll(List.of(args));
    return start(command, Path.of("").toAbsolutePath(), java.util.Map.of("HOME", home.toString()), java.util.Map.of());
  }

  private static ShellProcess start(List<String> launch, TestDatabase db, Path directory,
      java.util.Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(launch);
    command.addAll(List.of("-X", db.conninfo()));
    command.addAll(List.of(args));
    java.util.Map<String, String> environment = new java.util.HashMap<>(db.environment());
    environment.put("HOME", Files.createTempDirectory("cutover-home").toString());
    return start(command, directory, environment, env);
  }

  private static ShellProcess start(List<String> command, Path directory, java.util.Map<String, String> environment,
      java.util.Map<String, String> env) throws IOException {
    List<String> full = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    full.addAll(command);
    Path log = Files.createTempFile("cutover-process", ".log");
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).directory(directory.toFile());
    pb.environment().putAll(environment);
    pb.environment().putAll(env);
    return new ShellProcess(pb.start(), log);
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no clean close, as when a machine dies or an operator kills -9. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as an operator's {@code kill} or a closed terminal sends: shutdown hooks run. */
  public int terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  public String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
