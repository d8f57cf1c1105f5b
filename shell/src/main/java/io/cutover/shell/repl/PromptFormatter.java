package io.cutover.shell.repl;

import io.cutover.shell.lexer.StatementLexer;
import io.cutover.shell.session.Session;
import org.postgresql.core.TransactionState;

/**
 * psql's prompt escapes: {@code %/} database, {@code %R} open construct ({@code =} when nothing
 * is open), {@code %x} transaction ({@code *} open, {@code !} failed), {@code %#} ({@code #} for a
 * superuser, else {@code >}), {@code %n} user, {@code %m} host, {@code %>} port, {@code %%}.
 */
final class PromptFormatter {

  private PromptFormatter() {
  }

  static String format(String pattern, Session session, StatementLexer.Open open) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 >= pattern.length()) {
        out.append(c);
        continue;
      }
      char e = pattern.charAt(++i);
      switch (e) {
        case '/' -> out.append(session.settings().database());
        case '~' -> out.append(session.settings().database().equals(session.settings().user()) ? "~"
            : session.settings().database());
        case 'R' -> out.append(open.promptChar());
        case 'x' -> out.append(transaction(session.transactionState()));
        case '#' -> out.append(session.isSuperuser() ? '#' : '>');
        case 'n' -> out.append(session.settings().user());
        case 'm', 'M' -> out.append(session.settings().host());
        case '>' -> out.append(session.settings().port());
        case '%' -> out.append('%');
        default -> out.append('%').append(e);
      }
    }
    return out.toString();
  }

  private static String transaction(TransactionState state) {
    return switch (state) {
      case OPEN -> "*";
      case FAILED -> "!";
      case IDLE -> "";
    };
  }
}
