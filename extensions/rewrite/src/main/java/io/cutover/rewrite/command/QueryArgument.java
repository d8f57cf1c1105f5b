package io.cutover.rewrite.command;

import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.SqlScript;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Options, then a query: the rest of the line as typed or, when the line has none, the query
 * buffer typed before the command (as psql's {@code \g} takes it). Options come first, since
 * {@code --} after the query would begin a SQL comment.
 */
final class QueryArgument {

  private final Map<String, String> options;
  private final String sql;

  private QueryArgument(Map<String, String> options, String sql) {
    this.options = options;
    this.sql = sql;
  }

  static QueryArgument parse(CommandContext c, Arguments a, Set<String> valued, Set<String> flags, String usage)
      throws CommandException {
    Map<String, String> options = new HashMap<>();
    String rest = a.text();
    while (rest.startsWith("-")) {
      int space = firstSpace(rest);
      String name = rest.substring(0, space);
      String after = rest.substring(space).strip();
      if (flags.contains(name)) {
        options.put(name, "");
        rest = after;
      } else if (valued.contains(name)) {
        int end = firstSpace(after);
        if (after.isEmpty()) {
          throw new CommandException("option " + name + " needs a value", "Usage: " + usage);
        }
        options.put(name, after.substring(0, end));
        rest = after.substring(end).strip();
      } else {
        throw Arguments.unknownOption(name, valued, flags, usage);
      }
    }
    return new QueryArgument(options, rest.isEmpty() ? null : stripSemicolon(rest));
  }

  boolean has(String option) {
    return options.containsKey(option);
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /** The option as a whole number of at least 1, or empty when it is not given. */
  Optional<Integer> intOption(String name, String usage) throws CommandException {
    String v = options.get(name);
    if (v == null) {
      return Optional.empty();
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return Optional.of(n);
    } catch (NumberFormatException e) {
      throw new CommandException(name + " must be a whole number of at least 1, not \"" + v + "\"", "Usage: " + usage);
    }
  }

  /** The query on the line, else the query buffer (emptied, as {@code \g} does). */
  String query(CommandContext c, String usage) throws CommandException {
    // A line of only ';' or a comment holds no statement: it is not a query to parse.
    if (sql != null && !SqlScript.lex(sql).isEmpty()) {
      return sql;
    }
    Optional<String> buffer = c.takeQueryBuffer().map(QueryArgument::stripSemicolon);
    if (buffer.isPresent() && !SqlScript.lex(buffer.get()).isEmpty()) {
      return buffer.get();
    }
    throw new CommandException("no query: type one after the command, or type it first and end it with the command",
        "Usage: " + usage);
  }

  /** Whether the query has bind parameters ({@code $1}, {@code ?}), which a comparison cannot run. */
  static boolean hasParameters(String sql) {
    List<SqlScript.Token> tokens = SqlScript.lex(sql);
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i).text(sql);
      boolean dollar = t.equals("$") && i + 1 < tokens.size() && tokens.get(i + 1).start() == tokens.get(i).end()
          && Character.isDigit(sql.charAt(tokens.get(i + 1).start()));
      if (dollar || (t.equals("?") && tokens.get(i).kind() == SqlScript.TokenKind.SYMBOL)) {
        return true;
      }
    }
    return false;
  }

  private static int firstSpace(String s) {
    int i = 0;
    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String stripSemicolon(String s) {
    String out = s.strip();
    while (out.endsWith(";")) {
      out = out.substring(0, out.length() - 1).strip();
    }
    return out;
  }
}
