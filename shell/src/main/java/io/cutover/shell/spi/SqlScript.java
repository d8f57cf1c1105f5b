package io.cutover.shell.spi;

import io.cutover.shell.lexer.SqlTokens;
import io.cutover.shell.lexer.StatementLexer;
import io.cutover.shell.lexer.StringLiterals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The shell's own lexer, for extensions that read SQL files: splits a script into statements
 * exactly as the shell would run them (quotes, dollar quotes, nested comments), with the line
 * each starts on. Backslash commands are not SQL and are refused.
 */
public final class SqlScript {

  /** One statement of a script, without its semicolon; {@code line} is where it starts (1-based). */
  public record Statement(String sql, int line) {
  }

  /** A statement whose psql variables became JDBC placeholders: bind {@code names} in order. */
  public record Parameterized(String sql, List<String> names, int line) {
  }

  private SqlScript() {
  }

  /**
   * Splits a script written for psql variables ({@code :rows}) into statements where each
   * variable in {@code parameters} is a {@code ?} placeholder, so values are bound, never pasted.
   * Variables are found exactly where the shell would interpolate them (not in quotes or comments).
   */
  public static List<Parameterized> splitWithParameters(String script, java.util.Set<String> parameters) {
    List<String> seen = new ArrayList<>();
    StatementLexer lexer = new StatementLexer(name -> {
      if (parameters.contains(name)) {
        seen.add(name);
        return Optional.of("?");
      }
      return Optional.empty();
    });
    lexer.push(script);
    List<Parameterized> out = new ArrayList<>();
    int taken = 0;
    for (var item = lexer.next(); item.isPresent() || (item = lexer.finish()).isPresent(); item = lexer.next()) {
      if (item.get() instanceof StatementLexer.MetaCommand m) {
        throw new IllegalArgumentException("line " + m.line() + ": backslash command in a SQL file");
      }
      StatementLexer.Statement st = (StatementLexer.Statement) item.get();
      if (st.sql().isEmpty()) {
        continue;
      }
      out.add(new Parameterized(st.sql(), List.copyOf(seen.subList(taken, seen.size())), st.line()));
      taken = seen.size();
    }
    return out;
  }

  /**
   * @throws IllegalArgumentException naming the line of a backslash command, which only the shell runs
   */
  public static List<Statement> split(String script) {
    StatementLexer lexer = new StatementLexer(name -> Optional.empty());
    lexer.push(script);
    List<Statement> out = new ArrayList<>();
    int previousEnd = 0;
    for (var item = lexer.next(); item.isPresent() || (item = lexer.finish()).isPresent(); item = lexer.next()) {
      if (item.get() instanceof StatementLexer.MetaCommand m) {
        throw new IllegalArgumentException("line " + m.line() + ": backslash command " + m.text().split("\\s")[0]
            + " in a SQL file (only the shell runs those)");
      }
      StatementLexer.Statement s = (StatementLexer.Statement) item.get();
      if (s.sql().isEmpty()) {
        continue;
      }
      int lines = (int) s.sql().chars().filter(c -> c == '\n').count();
      out.add(new Statement(s.sql(), Math.max(previousEnd + 1, s.line() - lines)));
      previousEnd = s.line();
    }
    return out;
  }

  /** What a {@link Token} is. */
  public enum TokenKind { WORD, QUOTED_NAME, STRING, DOLLAR_STRING, SYMBOL }

  /**
   * One token of a statement and where it is: {@code sql.substring(start, end)} is its text as
   * written. A string literal's prefix ({@code E}, {@code U&}, {@code B}, {@code X}, {@code N})
   * and a {@code UESCAPE 'c'} clause are part of its token.
   */
  public record Token(TokenKind kind, int start, int end) {
    public String text(String sql) {
      return sql.substring(start, end);
    }

    /**
     * The value PostgreSQL reads from this STRING or DOLLAR_STRING token ({@code E'Vi\\m'} is
     * {@code Vi\m}), standard_conforming_strings on; empty for a bit string, an unclosed one, or
     * one PostgreSQL would refuse.
     */
    public Optional<String> stringValue(String sql) {
      return kind == TokenKind.STRING || kind == TokenKind.DOLLAR_STRING ? StringLiterals.value(text(sql))
          : Optional.empty();
    }
  }

  /** The tokens of one statement with their positions; whitespace and comments vanish. */
  public static List<Token> lex(String sql) {
    List<Token> out = new ArrayList<>();
    for (SqlTokens.Token t : SqlTokens.scan(sql)) {
      TokenKind kind = switch (t.kind()) {
        case SPACE, COMMENT -> null;
        case WORD -> TokenKind.WORD;
        case QUOTED_NAME -> TokenKind.QUOTED_NAME;
        case STRING -> TokenKind.STRING;
        case DOLLAR_STRING -> TokenKind.DOLLAR_STRING;
        case SYMBOL -> TokenKind.SYMBOL;
      };
      if (kind != null) {
        out.add(new Token(kind, t.start(), t.end()));
      }
    }
    return out;
  }

  /**
   * The text of every {@code --} comment of a script, as the lexer reads them: text inside a
   * literal or a quoted name that merely looks like a comment is not one (directives are read here).
   */
  public static List<String> lineComments(String sql) {
    List<String> out = new ArrayList<>();
    for (SqlTokens.Token t : SqlTokens.scan(sql)) {
      String text = sql.substring(t.start(), t.end());
      if (t.kind() == SqlTokens.Kind.COMMENT && text.startsWith("--")) {
        out.add(text.strip());
      }
    }
    return out;
  }

  /**
   * The words of one statement, for tools that look for DDL shapes: keywords and unquoted names
   * upper-cased, quoted names as written (quotes kept), other characters one token each; a
   * string literal becomes {@code '}, a dollar-quoted body {@code $$}, comments vanish.
   */
  public static List<String> tokens(String sql) {
    List<String> out = new ArrayList<>();
    for (Token t : lex(sql)) {
      out.add(switch (t.kind()) {
        case STRING -> "'";
        case DOLLAR_STRING -> "$$";
        case WORD -> t.text(sql).toUpperCase(Locale.ROOT);
        default -> t.text(sql);
      });
    }
    return out;
  }
}
