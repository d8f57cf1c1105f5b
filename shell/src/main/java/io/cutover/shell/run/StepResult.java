package io.cutover.shell.run;

/** How one statement or backslash command ended. */
enum StepResult {
  OK, ERROR, CONNECTION_LOST
}
