package io.cutover.shell.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where input comes from: a file (errors are prefixed {@code cutover:FILE:LINE:}, as psql does
 * for {@code -f}), or a terminal, stdin or {@code -c} (no prefix).
 */
public record ScriptLocation(Optional<Path> file) {

  public static ScriptLocation none() {
    return new ScriptLocation(Optional.empty());
  }

  public static ScriptLocation of(Path file) {
    return new ScriptLocation(Optional.of(file));
  }

  /** The prefix of an error message raised at {@code line}. */
  public String prefix(int line) {
    return file.map(f -> "cutover:" + f + ":" + line + ": ").orElse("");
  }

  /** The directory {@code \ir} resolves against. */
  public Path directory() {
    return file.map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
  }
}
