package io.cutover.shell.run;

import io.cutover.shell.lexer.StatementLexer;
import java.io.IOException;
import java.util.Optional;

/** Where the runner reads input from: a terminal, a file, stdin or a {@code -c} string. */
public interface LineSource {

  /**
   * The next piece of input (one or more whole lines), or empty at end of input.
   *
   * @param state the lexer, whose open construct a terminal shows in its prompt
   * @throws UserInterrupt when the user pressed Ctrl-C at the prompt
   */
  Optional<String> read(StatementLexer state) throws IOException, UserInterrupt;

  /**
   * One line of COPY data, read as it is (not lexed, not echoed), without its newline; empty at
   * the end of input. A terminal shows {@code prompt}.
   *
   * @throws UserInterrupt when the user pressed Ctrl-C
   */
  Optional<String> readDataLine(String prompt) throws IOException, UserInterrupt;

  /** Whether a person types this input (prompts, history; errors never stop the session). */
  boolean isInteractive();

  /** Ctrl-C at a prompt: the typed text is dropped. */
  final class UserInterrupt extends Exception {
    public UserInterrupt() {
      super("interrupted", null, false, false);
    }
  }
}
