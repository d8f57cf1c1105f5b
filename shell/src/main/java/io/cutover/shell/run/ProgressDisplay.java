package io.cutover.shell.run;

import io.cutover.shell.spi.Progress;

/** Draws progress bars: on the terminal's status line, or as occasional lines in a script. */
public interface ProgressDisplay {
  Progress start(String label, long total);
}
