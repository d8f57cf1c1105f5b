package io.cutover.shell.render;

/** {@code \x}: one value per line, never, or when the table is wider than the terminal. */
public enum Expanded {
  ON, OFF, AUTO
}
