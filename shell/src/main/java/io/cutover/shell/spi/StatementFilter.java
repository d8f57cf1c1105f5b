package io.cutover.shell.spi;

/** Changes a statement before the shell sends it. Must return the statement itself when it does not apply. */
@FunctionalInterface
public interface StatementFilter {
  String filter(String sql) throws Exception;
}
