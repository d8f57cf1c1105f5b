package io.cutover.shell.session;

import io.cutover.shell.spi.SqlScript;
import java.util.List;
import java.util.Optional;

/**
 * Recognises a COPY whose data travels through the client ({@code FROM STDIN}, {@code TO
 * STDOUT}): pgjdbc runs those only through its CopyManager (a plain statement fails, and a COPY
 * TO STDOUT breaks the connection), so they must be known before they are sent. A COPY from or to
 * a server file or program is an ordinary statement.
 */
public final class CopyStatement {

  /** Which way the data goes. */
  public enum Direction { FROM_STDIN, TO_STDOUT }

  private CopyStatement() {
  }

  /** The direction of {@code sql} when it is one COPY through the client. */
  public static Optional<Direction> of(String sql) {
    List<String> tokens = SqlScript.tokens(sql);
    if (tokens.isEmpty() || !tokens.get(0).equals("COPY")) {
      return Optional.empty();
    }
    int depth = 0;
    for (int i = 1; i + 1 < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t.equals("(")) {
        depth++;
      } else if (t.equals(")")) {
        depth--;
      } else if (depth == 0 && (t.equals("FROM") || t.equals("TO"))) {
        String target = tokens.get(i + 1);
        if (t.equals("FROM") && target.equals("STDIN")) {
          return Optional.of(Direction.FROM_STDIN);
        }
        return t.equals("TO") && target.equals("STDOUT") ? Optional.of(Direction.TO_STDOUT) : Optional.empty();
      }
    }
    return Optional.empty();
  }
}
