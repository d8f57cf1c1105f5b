package io.cutover.shell.session;

import java.sql.SQLException;
import java.sql.SQLWarning;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;

/**
 * Writes a server error as psql does: severity, SQLSTATE and message, the line of the statement
 * with a caret under the error position, then DETAIL, HINT and CONTEXT. Decided from the
 * server's fields, never by parsing message text.
 */
public final class ErrorReport {

  /** Lines longer than this are cut around the error position, as psql cuts them. */
  private static final int MAX_LINE = 120;

  private ErrorReport() {
  }

  public static String format(SQLException e, String statement) {
    ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    StringBuilder out = new StringBuilder();
    if (m == null) {
      String state = e.getSQLState();
      out.append("ERROR:  ");
      if (state != null) {
        out.append(state).append(": ");
      }
      out.append(firstLine(e.getMessage())).append('\n');
      return out.toString();
    }
    out.append(m.getSeverity() == null ? "ERROR" : m.getSeverity()).append(":  ");
    if (m.getSQLState() != null) {
      out.append(m.getSQLState()).append(": ");
    }
    out.append(m.getMessage()).append('\n');
    if (m.getPosition() > 0 && statement != null) {
      out.append(caret(statement, m.getPosition()));
    } else if (m.getInternalPosition() > 0 && m.getInternalQuery() != null) {
      out.append(caret(m.getInternalQuery(), m.getInternalPosition()).replace("LINE", "QUERY"));
    }
    append(out, "DETAIL", m.getDetail());
    append(out, "HINT", m.getHint());
    append(out, "CONTEXT", m.getWhere());
    return out.toString();
  }

  /** A notice or warning from the server: {@code NOTICE:  text}. */
  public static String notice(SQLWarning w) {
    if (w instanceof PSQLWarning p && p.getServerErrorMessage() != null) {
      ServerErrorMessage m = p.getServerErrorMessage();
      StringBuilder out = new StringBuilder(m.getSeverity()).append(":  ").append(m.getMessage());
      if (m.getDetail() != null) {
        out.append("\nDETAIL:  ").append(m.getDetail());
      }
      if (m.getHint() != null) {
        out.append("\nHINT:  ").append(m.getHint());
      }
      return out.toString();
    }
    return "WARNING:  " + w.getMessage();
  }

  /** {@code LINE n: text} and a caret under the 1-based character {@code position}. */
  static String caret(String statement, int position) {
    int offset = Math.min(Math.max(0, position - 1), statement.length());
    int lineStart = statement.lastIndexOf('\n', offset - 1) + 1;
    int lineEnd = statement.indexOf('\n', offset);
    if (lineEnd < 0) {
      lineEnd = statement.length();
    }
    int lineNo = 1;
    for (int i = 0; i < lineStart; i++) {
      if (statement.charAt(i) == '\n') {
        lineNo++;
      }
    }
    String line = statement.substring(lineStart, lineEnd).replace('\t', ' ');
    int column = offset - lineStart;
    String prefix = "";
    if (line.length() > MAX_LINE) {
      int from = Math.max(0, column - MAX_LINE / 2);
      int to = Math.min(line.length(), from + MAX_LINE);
      String cut = (from > 0 ? "..." : "") + line.substring(from, to) + (to < line.length() ? "..." : "");
      column = column - from + (from > 0 ? 3 : 0);
      line = cut;
    }
    prefix = "LINE " + lineNo + ": ";
    return prefix + line + '\n' + " ".repeat(prefix.length() + Math.min(column, line.length())) + "^\n";
  }

  private static void append(StringBuilder out, String label, String value) {
    if (value != null && !value.isEmpty()) {
      out.append(label).append(":  ").append(value).append('\n');
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
