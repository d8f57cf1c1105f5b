package io.cutover.rewrite.command;

import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.Progress;

/**
 * How far {@code \compare -f} is: a bar on the terminal's status line; in a script, a NOTICE line on
 * stderr per query, as a long psql script reports its steps (none under QUIET), so the summary
 * alone is on standard output.
 */
final class FileProgress implements AutoCloseable {

  private final CommandContext c;
  private final String label;
  private final int total;
  /** The terminal's bar; null in a script. */
  private final Progress bar;

  private FileProgress(CommandContext c, String label, int total, Progress bar) {
    this.c = c;
    this.label = label;
    this.total = total;
    this.bar = bar;
  }

  static FileProgress start(CommandContext c, String label, int total) {
    return new FileProgress(c, label, total, c.isInteractive() ? c.printer().progress(label, total) : null);
  }

  /** Query {@code done + 1}, at {@code line} of the file, starts. */
  void running(int done, int line) {
    if (bar != null) {
      bar.update(done, "line " + line);
    }
  }

  /** Query {@code done}, at {@code line}, ended so ({@code equal, 1.04x}, {@code not rewritten}). */
  void ended(int done, int line, String outcome) {
    if (bar != null) {
      bar.update(done, "line " + line + ": " + outcome);
    } else if (!c.variables().isOn("QUIET")) {
      c.printer().notice(label + ": " + done + " of " + total + ", line " + line + ": " + outcome);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
