package io.cutover.shell.run;

import java.io.InputStream;
import java.io.PrintStream;
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
    return new ShellEnvironment(System.in, System.out, System.err, System.getenv(),
        Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath());
  }

  /** {@code ~/.cutover}: history, embedded data, extensions. */
  public Path stateDirectory() {
    return home.resolve(".cutover");
  }
}
