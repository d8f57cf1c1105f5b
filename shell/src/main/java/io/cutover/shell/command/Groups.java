package io.cutover.shell.command;

/** The headings of {@code \?}, in psql's order. */
final class Groups {
  static final String GENERAL = "General";
  static final String QUERY_BUFFER = "Query Buffer";
  static final String INPUT_OUTPUT = "Input/Output";
  static final String INFORMATIONAL = "Informational";
  static final String FORMATTING = "Formatting";
  static final String CONNECTION = "Connection";
  static final String VARIABLES = "Variables";

  private Groups() {
  }
}
