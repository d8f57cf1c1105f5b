package io.cutover.shell.spi;

import java.util.Optional;

/** Changes a statement before the shell sends it. Must return the statement itself when it does not apply. */
@FunctionalInterface
public interface StatementFilter {
  String filter(String sql) throws Exception;

  /**
   * A word the prompt shows while this filter is installed, as {@code (word) db=#}, so that whoever
   * types knows that statements do not run as typed. Empty: the prompt is unchanged.
   */
  default Optional<String> promptLabel() {
    return Optional.empty();
  }
}
