package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.shell.testkit.SpiBoundary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The extension talks to the shell only through its SPI package. */
class SpiBoundaryTest {

  @Test
  void mainSourcesImportNothingOfTheShellButItsSpi() throws Exception {
    assertEquals(List.of(), SpiBoundary.offendingImports());
  }
}
