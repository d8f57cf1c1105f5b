package io.cutover.shell.run;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the shell takes from the process: streams, environment, home and working directory.
 * Injected, so tests run the real shell in-process without touching {@code System}.
 */
public record ShellEnvironment(InputStream in, PrintStream out, PrintStream err, Map<String, String> variables,
                               Path home, Path workingDirectory) {

  public ShellEnvironment {
    variables = Map.copyOf(variables);
  }

  /** The process's own streams and environment. */
  public static ShellEnvironment system() {
    // $HOME first, as libpq reads it; Java's user.home comes from the password database only.
    String home = System.getenv("HOME");
    return new ShellEnvironment(System.in, utf8(FileDescriptor.out), utf8(FileDescriptor.err), System.getenv(),
        Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home), Path.of("").toAbsolutePath());
  }

  /**
   * Text as UTF-8 whatever the locale: the JVM's own streams encode for it, and under LC_ALL=C
   * print every non-ASCII character as "?", where psql passes the database's bytes through.
   */
  private static PrintStream utf8(FileDescriptor descriptor) {
    return new PrintStream(new BufferedOutputStream(new FileOutputStream(descriptor)), true, StandardCharsets.UTF_8);
  }

  /** This environment with {@code name} set to {@code value}, or removed when it is null ({@code \setenv}). */
  public ShellEnvironment withVariable(String name, String value) {
    Map<String, String> next = new java.util.HashMap<>(variables);
    if (value == null) {
      next.remove(name);
    } else {
      next.put(name, value);
    }
    return new ShellEnvironment(in, out, err, next, home, workingDirectory);
  }

  /** {@code ~/.cutover}: history, embedded data, extensions. */
  public Path stateDirectory() {
    return home.resolve(".cutover");
  }

  /** A shell command line ({@code \\copy ... program}, {@code \\o |cmd}) run by /bin/sh in this environment, as psql's popen. */
  public ProcessBuilder shellCommand(String command) {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).directory(workingDirectory().toFile());
    builder.environment().clear();
    builder.environment().putAll(variables());
    return builder;
  }
}
