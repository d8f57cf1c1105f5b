package io.cutover.shell.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** For extension modules' tests: their main sources may import nothing of the shell but its SPI. */
public final class SpiBoundary {

  private SpiBoundary() {
  }

  /** The import lines of {@code src/main/java} that reach past the SPI; empty when none. */
  public static List<String> offendingImports() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      return files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
        try {
          return Files.readAllLines(p).stream().filter(l -> l.startsWith("import io.cutover.shell.")
              && !l.startsWith("import io.cutover.shell.spi.")).map(l -> p.getFileName() + ": " + l);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
