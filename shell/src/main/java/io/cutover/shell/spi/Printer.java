package io.cutover.shell.spi;

/** Output, in the user's chosen format and destination ({@code \o}, {@code \pset}). */
public interface Printer {

  /** A result set, rendered as the user's {@code \pset format} says. */
  void table(ResultTable table);

  /** A line of normal output (goes where {@code \o} says). */
  void line(String text);

  /**
   * The {@code \pset format} in use ({@code aligned}, {@code unaligned}, {@code csv}, {@code json}),
   * for commands whose machine-readable output carries more than their table.
   */
  default String format() {
    return "aligned";
  }

  /** SQL for the user to read or paste: a line of output, syntax-highlighted on a terminal. */
  default void sql(String text) {
    line(text);
  }

  /** A remark to the user, not part of the result (standard output, never a {@code \o} file; hidden by QUIET). */
  void info(String text);

  /**
   * A remark about the statement or work under way, on stderr as the server's notices are, so that
   * results stay alone on standard output: printed as {@code NOTICE:  text}, shown whatever QUIET says
   * (as psql shows the server's). This default, for printers without a stderr, is {@link #info}.
   */
  default void notice(String text) {
    info(text);
  }

  /** A warning (stderr, always shown), printed as {@code WARNING:  text}. */
  void warning(String text);

  /**
   * A progress bar for {@code total} units (a negative total when unknown): on the terminal's
   * status line when interactive; as a line every few seconds in a script.
   */
  Progress progress(String label, long total);
}
