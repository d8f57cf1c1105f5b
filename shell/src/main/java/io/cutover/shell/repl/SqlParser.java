package io.cutover.shell.repl;

import io.cutover.shell.lexer.StatementLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * JLine's {@link Parser} on cutover's lexer: Enter accepts the buffer only when it holds a
 * complete statement or a backslash command; otherwise JLine continues on a new line, showing
 * the open construct ({@code -}, {@code '}, {@code $}, {@code *}, {@code (}) in the prompt.
 */
final class SqlParser implements Parser {

  private final Supplier<StatementLexer> state;
  private volatile boolean raw;

  /** @param state a copy of the input's lexer as it was before this buffer (what earlier lines left open) */
  SqlParser(Supplier<StatementLexer> state) {
    this.state = state;
  }

  /** While set, Enter accepts any line: for answers to questions, which are not SQL. */
  void setRaw(boolean raw) {
    this.raw = raw;
  }

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    boolean asksCompleteness = context == ParseContext.ACCEPT_LINE || context == ParseContext.SECONDARY_PROMPT;
    if (asksCompleteness && !raw && !isComplete(line)) {
      StatementLexer lexer = lexed(line);
      throw new EOFError(-1, -1, "incomplete statement", String.valueOf(lexer.open().promptChar()));
    }
    return words(line, cursor);
  }

  @Override
  public boolean isEscapeChar(char ch) {
    return false;
  }

  boolean isComplete(String line) {
    StatementLexer lexer = state.get();
    for (String l : line.split("\n", -1)) {
      lexer.pushLine(l);
    }
    boolean metaOnLastLine = false;
    for (var item = lexer.next(); item.isPresent(); item = lexer.next()) {
      metaOnLastLine = item.get() instanceof StatementLexer.MetaCommand
          && item.get().line() == lexer.lineNumber();
    }
    return metaOnLastLine || lexer.open() == StatementLexer.Open.NONE;
  }

  private StatementLexer lexed(String line) {
    StatementLexer lexer = state.get();
    for (String l : line.split("\n", -1)) {
      lexer.pushLine(l);
    }
    while (lexer.next().isPresent()) {
      // Drain complete items: only what stays open matters here.
    }
    return lexer;
  }

  /** Words for completion: runs of identifier characters, dots and backslashes. */
  private static ParsedLine words(String line, int cursor) {
    List<String> words = new ArrayList<>();
    int wordIndex = -1;
    int wordCursor = 0;
    int i = 0;
    while (i < line.length()) {
      while (i < line.length() && !isWordChar(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < line.length() && isWordChar(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        if (cursor >= start && cursor <= i) {
          wordIndex = words.size();
          wordCursor = cursor - start;
        }
        words.add(line.substring(start, i));
      }
    }
    if (wordIndex < 0) {
      wordIndex = words.size();
      words.add("");
      wordCursor = 0;
    }
    String word = words.get(wordIndex);
    return new SimpleParsedLine(line, cursor, words, wordIndex, word, wordCursor);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '\\' || c == '"' || c == '$' || c == '+'
        || c == '?';
  }

  private record SimpleParsedLine(String line, int cursor, List<String> words, int wordIndex, String word,
                                  int wordCursor) implements CompletingParsedLine {
    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return wordCursor;
    }

    @Override
    public int rawWordLength() {
      return word.length();
    }
  }
}
