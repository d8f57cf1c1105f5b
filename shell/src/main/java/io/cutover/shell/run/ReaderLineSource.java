package io.cutover.shell.run;

import io.cutover.shell.lexer.StatementLexer;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/** Lines from a file, stdin or a string, without prompts. */
public final class ReaderLineSource implements LineSource {

  private final BufferedReader reader;
  private final Consumer<String> echo;

  /** @param echo receives each line as read (ECHO=all), or does nothing */
  public ReaderLineSource(BufferedReader reader, Consumer<String> echo) {
    this.reader = reader;
    this.echo = echo;
  }

  @Override
  public Optional<String> read(StatementLexer state) throws IOException {
    String line = reader.readLine();
    if (line == null) {
      return Optional.empty();
    }
    if (!line.isEmpty() || isInQuote(state)) {
      echo.accept(line);
    }
    return Optional.of(line + "\n");
  }

  /** psql neither echoes nor reads an empty line, unless it is inside a quote or a comment (psql_scan_in_quote). */
  private static boolean isInQuote(StatementLexer state) {
    return switch (state.open()) {
      case QUOTE, IDENTIFIER, DOLLAR_QUOTE, COMMENT -> true;
      default -> false;
    };
  }

  @Override
  public Optional<String> readDataLine(String prompt) throws IOException {
    return Optional.ofNullable(reader.readLine());
  }

  @Override
  public boolean isInteractive() {
    return false;
  }
}
