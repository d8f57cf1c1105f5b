package io.cutover.shell.repl;

import io.cutover.shell.run.ProgressText;
import io.cutover.shell.spi.Progress;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

/** A progress bar on the terminal's status line (the bottom row), cleared when closed. */
final class StatusProgress implements Progress {

  private final Terminal terminal;
  private final Status status;
  private final String label;
  private final long total;

  StatusProgress(Terminal terminal, String label, long total) {
    this.terminal = terminal;
    this.status = Status.getStatus(terminal);
    this.label = label;
    this.total = total;
  }

  @Override
  public synchronized void update(long done, String detail) {
    if (status == null) {
      return;
    }
    int width = Math.max(20, terminal.getWidth() - 1);
    String text = ProgressText.line(label, done, total, detail, Math.max(10, Math.min(30, width / 4)));
    if (text.length() > width) {
      text = text.substring(0, width);
    }
    status.update(List.of(new AttributedString(text)));
  }

  @Override
  public synchronized void close() {
    if (status != null) {
      status.update(List.of());
    }
  }
}
