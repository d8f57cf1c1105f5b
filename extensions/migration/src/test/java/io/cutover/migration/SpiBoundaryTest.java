package io.cutover.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The extension talks to the shell only through its SPI package. */
class SpiBoundaryTest {

  @Test
  void mainSourcesImportNothingOfTheShellButItsSpi() throws IOException {
    List<String> offending;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      offending = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
        try {
          return Files.readAllLines(p).stream().filter(l -> l.startsWith("import io.cutover.shell.")
              && !l.startsWith("import io.cutover.shell.spi.")).map(l -> p.getFileName() + ": " + l);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
    assertEquals(List.of(), offending);
  }
}
