package io.cutover.shell.session;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.Locale;
import java.util.Optional;
import org.jline.utils.WCWidth;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;

/**
 * Writes a server error or notice as libpq builds it for psql: severity and message, the line
 * of the statement with a caret under the error position, then DETAIL, HINT, QUERY and
 * CONTEXT, as much of it as VERBOSITY and SHOW_CONTEXT ask for. Decided from the server's
 * fields, never by parsing message text.
 */
public final class ErrorReport {

  /** psql's VERBOSITY. */
  public enum Verbosity {
    DEFAULT, VERBOSE, TERSE, SQLSTATE;

    /** The value of the variable; anything else reads as default, as psql would refuse it. */
    public static Verbosity of(String value) {
      try {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return DEFAULT;
      }
    }
  }

  /** psql's SHOW_CONTEXT: whether CONTEXT lines are printed for notices and errors. */
  public enum ShowContext {
    NEVER, ERRORS, ALWAYS;

    public static ShowContext of(String value) {
      try {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return ERRORS;
      }
    }
  }

  /** How much of a message is printed. */
  public record Style(Verbosity verbosity, ShowContext context) {
    public static final Style DEFAULT = new Style(Verbosity.DEFAULT, ShowContext.ERRORS);
  }

  /** libpq's width of the {@code LINE n:} extract and how far the cut keeps from the error. */
  private static final int DISPLAY_SIZE = 60;
  private static final int MIN_RIGHT_CUT = 10;

  private ErrorReport() {
  }

  /** An error of {@code statement} (the text sent; null when unknown), with a trailing newline. */
  public static String format(SQLException e, String statement, Style style) {
    ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    if (m == null) {
      return "ERROR:  " + firstLine(e.getMessage()) + '\n';
    }
    return build(m, statement, style, true);
  }

  /** A notice or warning from the server, without a trailing newline. */
  public static String notice(SQLWarning w, Style style) {
    if (w instanceof PSQLWarning p && p.getServerErrorMessage() != null) {
      String text = build(p.getServerErrorMessage(), null, style, false);
      return text.substring(0, text.length() - 1);
    }
    return "WARNING:  " + w.getMessage();
  }

  /** The primary message alone, as psql keeps it in LAST_ERROR_MESSAGE. */
  public static String primaryMessage(SQLException e) {
    ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    return m != null && m.getMessage() != null ? m.getMessage() : firstLine(e.getMessage());
  }

  private static String build(ServerErrorMessage m, String statement, Style style, boolean isError) {
    StringBuilder out = new StringBuilder();
    out.append(m.getSeverity() == null ? "ERROR" : m.getSeverity()).append(":  ");
    Verbosity verbosity = style.verbosity();
    if (verbosity == Verbosity.SQLSTATE) {
      if (m.getSQLState() != null) {
        return out.append(m.getSQLState()).append('\n').toString();
      }
      verbosity = Verbosity.TERSE;
    }
    if (verbosity == Verbosity.VERBOSE && m.getSQLState() != null) {
      out.append(m.getSQLState()).append(": ");
    }
    out.append(Optional.ofNullable(m.getMessage()).orElse(""));
    String query = null;
    int position = 0;
    boolean terse = verbosity == Verbosity.TERSE;
    if (m.getPosition() > 0) {
      if (!terse && statement != null) {
        query = statement;
        position = m.getPosition();
      } else {
        out.append(" at character ").append(m.getPosition());
      }
    } else if (m.getInternalPosition() > 0) {
      if (!terse && m.getInternalQuery() != null) {
        query = m.getInternalQuery();
        position = m.getInternalPosition();
      } else {
        out.append(" at character ").append(m.getInternalPosition());
      }
    }
    out.append('\n');
    if (!terse) {
      if (query != null) {
        out.append(caret(query, position));
      }
      append(out, "DETAIL", m.getDetail());
      append(out, "HINT", m.getHint());
      append(out, "QUERY", m.getInternalQuery());
      if (style.context() == ShowContext.ALWAYS || (style.context() == ShowContext.ERRORS && isError)) {
        append(out, "CONTEXT", m.getWhere());
      }
    }
    if (verbosity == Verbosity.VERBOSE) {
      append(out, "SCHEMA NAME", m.getSchema());
      append(out, "TABLE NAME", m.getTable());
      append(out, "COLUMN NAME", m.getColumn());
      append(out, "DATATYPE NAME", m.getDatatype());
      append(out, "CONSTRAINT NAME", m.getConstraint());
      if (m.getRoutine() != null || m.getFile() != null) {
        out.append("LOCATION:  ");
        if (m.getRoutine() != null) {
          out.append(m.getRoutine()).append(", ");
        }
        if (m.getFile() != null && m.getLine() > 0) {
          out.append(m.getFile()).append(':').append(m.getLine());
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /**
   * {@code LINE n: text} and a caret under the 1-based character {@code position}, the line cut
   * to about 60 columns around the error as libpq cuts it; empty when the position is past the end.
   */
  static String caret(String query, int position) {
    int loc = position - 1;
    int[] cps = query.codePoints().map(cp -> cp == '\t' ? ' ' : cp).toArray();
    int lineNo = 1;
    int begin = 0;
    int end = cps.length;
    for (int i = 0; i < cps.length; i++) {
      int ch = cps[i];
      if (ch == '\r' || ch == '\n') {
        if (i < loc) {
          if (ch == '\r' || i == 0 || cps[i - 1] != '\r') {
            lineNo++;
          }
          begin = i + 1;
        } else {
          end = i;
          break;
        }
      }
    }
    if (loc < 0 || loc > cps.length) {
      return "";
    }
    int[] col = new int[end + 2];
    for (int i = 0; i < end; i++) {
      col[i + 1] = col[i] + Math.max(1, WCWidth.wcwidth(cps[i]));
    }
    boolean cutBegin = false;
    boolean cutEnd = false;
    int locCol = col[Math.min(loc, end)];
    if (col[end] - col[begin] > DISPLAY_SIZE) {
      if (col[begin] + DISPLAY_SIZE >= locCol + MIN_RIGHT_CUT) {
        while (col[end] - col[begin] > DISPLAY_SIZE) {
          end--;
        }
        cutEnd = true;
      } else {
        while (locCol + MIN_RIGHT_CUT < col[end]) {
          end--;
          cutEnd = true;
        }
        while (col[end] - col[begin] > DISPLAY_SIZE) {
          begin++;
          cutBegin = true;
        }
      }
    }
    String prefix = "LINE " + lineNo + ": " + (cutBegin ? "..." : "");
    return prefix + new String(cps, begin, end - begin) + (cutEnd ? "..." : "") + '\n'
        + " ".repeat(prefix.length() + locCol - col[begin]) + "^\n";
  }

  private static void append(StringBuilder out, String label, String value) {
    if (value != null) {
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
