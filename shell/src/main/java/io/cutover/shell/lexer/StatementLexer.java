package io.cutover.shell.lexer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import io.cutover.shell.spi.Quoting;
import java.util.function.Function;

/**
 * psql's input lexer: turns lines of input into SQL statements and backslash commands.
 *
 * <p>A statement ends at a {@code ;} outside quotes, {@code E''} strings, quoted identifiers,
 * dollar quotes, comments and parentheses. A backslash command ends at the end of its line or
 * where the next backslash command starts. SQL typed before a backslash command stays in the
 * query buffer, where the command may take it ({@code \g}) or leave it ({@code \echo}).
 * Variables ({@code :name}, {@code :'name'}, {@code :"name"}) are interpolated outside quotes
 * and comments; an interpolated value is lexed again, so a value may hold a {@code ;}.
 *
 * <p>Pull-based: {@link #pushLine} queues input, {@link #next} returns the next item or empty
 * when more input is needed, so the caller can act on one item (say, clear the query buffer)
 * before the lexer looks at the rest of the line. Not thread-safe.
 */
public final class StatementLexer {

  /** What the lexer produced. {@code line} is the input line on which the item ended (1-based). */
  public sealed interface Item permits Statement, MetaCommand {
    int line();
  }

  /**
   * A complete SQL statement: {@code sql} without its terminating semicolon and trailing blanks;
   * {@code text} as psql sends it, the semicolon and any blanks before it kept (error positions
   * and echoed queries are psql's only with the same text).
   */
  public record Statement(String sql, String text, int line) implements Item {
  }

  /** A backslash command with its arguments, starting at the backslash. */
  public record MetaCommand(String text, int line) implements Item {
  }

  /** The construct open at the end of the input seen so far; its {@code promptChar} is psql's {@code %R}. */
  public enum Open {
    NONE('='), STATEMENT('-'), PARENTHESIS('('), QUOTE('\''), IDENTIFIER('"'), DOLLAR_QUOTE('$'),
    COMMENT('*');

    private final char promptChar;

    Open(char promptChar) {
      this.promptChar = promptChar;
    }

    public char promptChar() {
      return promptChar;
    }
  }

  private enum Mode { NORMAL, QUOTE, ESCAPE_QUOTE, IDENTIFIER, DOLLAR, COMMENT }

  private final Function<String, Optional<String>> variables;
  private final Deque<String> lines = new ArrayDeque<>();
  private final StringBuilder query = new StringBuilder();

  private StringBuilder src = new StringBuilder();
  private int pos;
  private int noInterpolationBefore;
  private int lineNo;
  private int lineStartLength;
  private Mode mode = Mode.NORMAL;
  private String dollarTag;
  private int commentDepth;
  private int parenDepth;

  /** @param variables the value of a variable, or empty when it is not set (left as typed) */
  public StatementLexer(Function<String, Optional<String>> variables) {
    this.variables = variables;
  }

  /** A lexer that interpolates nothing. */
  public static StatementLexer plain() {
    return new StatementLexer(name -> Optional.empty());
  }

  /** A copy of this lexer's state (query buffer and open constructs) with no pending input. */
  public StatementLexer copy() {
    StatementLexer c = new StatementLexer(variables);
    c.query.append(query);
    c.mode = mode;
    c.dollarTag = dollarTag;
    c.commentDepth = commentDepth;
    c.parenDepth = parenDepth;
    c.lineNo = lineNo;
    return c;
  }

  /** Queues one line of input; a trailing newline is added when missing. */
  public void pushLine(String line) {
    lines.add(line.endsWith("\n") ? line : line + "\n");
  }

  /** Queues text that may hold several lines, or part of one; only whole lines are lexed until {@link #finish}. */
  public void push(String text) {
    StringBuilder partial = new StringBuilder();
    if (!lines.isEmpty() && !lines.peekLast().endsWith("\n")) {
      partial.append(lines.pollLast());
    }
    partial.append(text);
    int start = 0;
    for (int nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n", start)) {
      lines.add(partial.substring(start, nl + 1));
      start = nl + 1;
    }
    if (start < partial.length()) {
      lines.add(partial.substring(start));
    }
  }

  /** The next complete item, or empty when more input is needed. */
  public Optional<Item> next() {
    while (true) {
      if (pos >= src.length()) {
        String line = lines.peek();
        if (line == null || !line.endsWith("\n")) {
          return Optional.empty();
        }
        startLine(lines.poll());
      }
      Item item = scan();
      if (item != null) {
        return Optional.of(item);
      }
    }
  }

  /**
   * At end of input: lexes a last line without newline and returns what is left in the query
   * buffer as a statement, as psql sends an unterminated last statement of a script.
   */
  public Optional<Item> finish() {
    if (!lines.isEmpty() && !lines.peekLast().endsWith("\n")) {
      lines.add(lines.pollLast() + "\n");
    }
    Optional<Item> item = next();
    if (item.isPresent()) {
      return item;
    }
    if (query.toString().isBlank()) {
      return Optional.empty();
    }
    String text = query.length() > 0 && query.charAt(query.length() - 1) == '\n'
        ? query.substring(0, query.length() - 1) : query.toString();
    Statement last = new Statement(trimTrailing(query), text, lineNo);
    clearQueryBuffer();
    return Optional.of(last);
  }

  /** The SQL typed so far that no {@code ;} has ended yet, as psql holds it (blanks kept). */
  public String queryBuffer() {
    return query.toString();
  }

  /** Where the query buffer stands: its length and its open parentheses, for {@link #restoreQueryBuffer}. */
  public record BufferMark(int length, int parenDepth) {
  }

  public BufferMark markQueryBuffer() {
    return new BufferMark(query.length(), parenDepth);
  }

  /**
   * Drops what the query buffer gained after {@code mark}, and any quote or parenthesis opened
   * there: psql discards the text read in a branch of {@code \if} not taken.
   */
  public void restoreQueryBuffer(BufferMark mark) {
    query.setLength(Math.min(mark.length(), query.length()));
    mode = Mode.NORMAL;
    parenDepth = mark.parenDepth();
    commentDepth = 0;
    dollarTag = null;
  }

  /** Empties the query buffer and forgets any open quote, as {@code \r} does. */
  public void clearQueryBuffer() {
    query.setLength(0);
    mode = Mode.NORMAL;
    parenDepth = 0;
    commentDepth = 0;
    dollarTag = null;
  }

  /**
   * Takes the next whole line of queued input without lexing it, counted like a lexed line: the
   * data of a COPY FROM STDIN, which follows its statement in the same input. Empty when no whole
   * line is queued (the caller reads one and {@link #push}es it).
   */
  public Optional<String> pollLine() {
    String line = lines.peek();
    if (line == null || !line.endsWith("\n")) {
      return Optional.empty();
    }
    lineNo++;
    return Optional.of(lines.poll());
  }

  /** The number of input lines lexed so far. */
  public int lineNumber() {
    return lineNo;
  }

  /** The construct left open by the input so far. */
  public Open open() {
    return switch (mode) {
      case QUOTE, ESCAPE_QUOTE -> Open.QUOTE;
      case IDENTIFIER -> Open.IDENTIFIER;
      case DOLLAR -> Open.DOLLAR_QUOTE;
      case COMMENT -> Open.COMMENT;
      case NORMAL -> parenDepth > 0 ? Open.PARENTHESIS
          : query.toString().isBlank() ? Open.NONE : Open.STATEMENT;
    };
  }

  private void startLine(String line) {
    src = new StringBuilder(line);
    pos = 0;
    noInterpolationBefore = 0;
    lineStartLength = query.length();
    lineNo++;
  }

  /** Lexes from {@code pos}; returns an item when one ends, or null at the end of the line. */
  private Item scan() {
    while (pos < src.length()) {
      switch (mode) {
        case QUOTE -> closeWith(Scanners.singleQuoted(src, pos - 1));
        case ESCAPE_QUOTE -> closeWith(Scanners.escapeQuoted(src, pos - 1));
        case IDENTIFIER -> closeWith(Scanners.doubleQuoted(src, pos - 1));
        case DOLLAR -> closeWith(Scanners.dollarQuoted(src, pos - dollarTag.length(), dollarTag));
        case COMMENT -> {
          int end = Scanners.blockCommentFrom(src, pos, commentDepth);
          if (end < 0) {
            commentDepth += Scanners.openCommentDepth(src, pos);
          }
          closeWith(end);
        }
        case NORMAL -> {
          Item item = scanNormal();
          if (item != null) {
            return item;
          }
        }
      }
    }
    return null;
  }

  private void closeWith(int end) {
    if (end < 0) {
      query.append(src, pos, src.length());
      pos = src.length();
    } else {
      query.append(src, pos, end);
      pos = end;
      mode = Mode.NORMAL;
    }
  }

  private Item scanNormal() {
    char c = src.charAt(pos);
    char n = pos + 1 < src.length() ? src.charAt(pos + 1) : '\0';
    boolean empty = query.length() == 0;
    if (Character.isWhitespace(c) && empty) {
      pos++;
    } else if (c == '-' && n == '-') {
      int end = Scanners.lineComment(src, pos);
      if (!empty) {
        query.append(src, pos, end);
      }
      pos = end;
    } else if (c == '/' && n == '*') {
      mode = Mode.COMMENT;
      commentDepth = 1;
      query.append("/*");
      pos += 2;
    } else if (c == '\'') {
      mode = Scanners.isEscapeQuote(query, query.length()) ? Mode.ESCAPE_QUOTE : Mode.QUOTE;
      query.append(c);
      pos++;
    } else if (c == '"') {
      mode = Mode.IDENTIFIER;
      query.append(c);
      pos++;
    } else if (c == '$' && !endsWithIdentifierPart() && Scanners.dollarTag(src, pos) != null) {
      dollarTag = Scanners.dollarTag(src, pos);
      mode = Mode.DOLLAR;
      query.append(dollarTag);
      pos += dollarTag.length();
    } else if (c == '(') {
      parenDepth++;
      query.append(c);
      pos++;
    } else if (c == ')') {
      parenDepth = Math.max(0, parenDepth - 1);
      query.append(c);
      pos++;
    } else if (c == ';' && parenDepth == 0) {
      pos++;
      String sql = trimTrailing(query);
      String text = query.append(';').toString();
      query.setLength(0);
      // psql sends a lone ";" too: the server answers with an empty query, which resets ERROR and SQLSTATE.
      return new Statement(sql.isBlank() ? "" : sql, sql.isBlank() ? ";" : text, lineNo);
    } else if (c == '\\' && pos + 1 < src.length() && (src.charAt(pos + 1) == ';' || src.charAt(pos + 1) == ':')) {
      // psql's \; and \: put a plain ; or : in the query: several statements go to the server as one query.
      query.append(src.charAt(pos + 1));
      pos += 2;
    } else if (c == '\\') {
      return scanMetaCommand();
    } else if (c == ':' && pos >= noInterpolationBefore) {
      interpolateOrCopy(n);
    } else if (Scanners.isIdentifierStart(c)) {
      int end = pos + 1;
      while (end < src.length() && Scanners.isIdentifierPart(src.charAt(end))) {
        end++;
      }
      query.append(src, pos, end);
      pos = end;
    } else {
      query.append(c);
      pos++;
    }
    return null;
  }

  private Item scanMetaCommand() {
    // psql joins input lines with a newline, but takes it back when a line holds only backslash commands.
    if (query.length() == lineStartLength && lineStartLength > 0 && query.charAt(lineStartLength - 1) == '\n') {
      query.setLength(lineStartLength - 1);
      lineStartLength = -1;
    }
    int end = MetaCommandText.end(src, pos);
    String text = src.substring(pos, end).strip();
    pos = end;
    if (pos + 1 < src.length() && src.charAt(pos) == '\\' && src.charAt(pos + 1) == '\\') {
      pos += 2;
    }
    if (text.equals("\\") || text.isEmpty()) {
      return null;
    }
    return new MetaCommand(text, lineNo);
  }

  private void interpolateOrCopy(char n) {
    Optional<String> defined = VariableTest.at(src, pos, variables);
    if (defined.isPresent()) {
      replace(pos + VariableTest.length(src, pos), defined.get());
      return;
    }
    if (n == ':') {
      query.append("::");
      pos += 2;
      return;
    }
    if (n == '\'' || n == '"') {
      int close = src.indexOf(String.valueOf(n), pos + 2);
      if (close > pos + 2) {
        String name = src.substring(pos + 2, close);
        Optional<String> value = isVariableName(name) ? variables.apply(name) : Optional.empty();
        if (value.isPresent()) {
          String quoted = n == '\'' ? Quoting.literal(value.get()) : Quoting.identifier(value.get());
          replace(close + 1, quoted);
          return;
        }
      }
    } else if (isVariableChar(n)) {
      int end = pos + 1;
      while (end < src.length() && isVariableChar(src.charAt(end))) {
        end++;
      }
      Optional<String> value = variables.apply(src.substring(pos + 1, end));
      if (value.isPresent()) {
        replace(end, value.get());
        return;
      }
      query.append(src, pos, end);
      pos = end;
      return;
    }
    query.append(':');
    pos++;
  }

  /** Puts {@code value} in place of src[pos, end) and lexes it, without interpolating inside it. */
  private void replace(int end, String value) {
    src.replace(pos, end, value);
    noInterpolationBefore = pos + value.length();
  }

  private boolean endsWithIdentifierPart() {
    return query.length() > 0 && Scanners.isIdentifierPart(query.charAt(query.length() - 1));
  }

  private static boolean isVariableName(String name) {
    return !name.isEmpty() && name.chars().allMatch(ch -> isVariableChar((char) ch));
  }

  private static boolean isVariableChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c >= 0x80;
  }

  private static String trimTrailing(CharSequence s) {
    int end = s.length();
    while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.subSequence(0, end).toString();
  }
}
