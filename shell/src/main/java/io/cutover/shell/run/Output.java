package io.cutover.shell.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where query results go: standard output, or a file named by {@code \o}. */
final class Output implements AutoCloseable {

  private final PrintStream stream;
  private final Path file;

  private Output(PrintStream stream, Path file) {
    this.stream = stream;
    this.file = file;
  }

  static Output standard(PrintStream out) {
    return new Output(out, null);
  }

  static Output toFile(Path file) throws IOException {
    OutputStream os = Files.newOutputStream(file);
    return new Output(new PrintStream(os, true, StandardCharsets.UTF_8), file);
  }

  PrintStream stream() {
    return stream;
  }

  /** Whether this is standard output (so a pager may take it). */
  boolean isStandard() {
    return file == null;
  }

  @Override
  public void close() {
    if (file != null) {
      stream.close();
    }
  }
}
