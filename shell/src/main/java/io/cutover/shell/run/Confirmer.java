package io.cutover.shell.run;

import java.util.Optional;

/** Reads a confirmation typed by the user; empty at end of input or Ctrl-C. */
@FunctionalInterface
public interface Confirmer {
  Optional<String> ask(String question);
}
