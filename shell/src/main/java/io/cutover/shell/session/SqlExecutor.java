package io.cutover.shell.session;

import io.cutover.shell.lexer.StatementLexer;
import io.cutover.shell.spi.ResultTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Sends SQL text as typed and collects what comes back: result sets, command tags and the
 * server's notices. Keeps a handle on the running statement so Ctrl-C can cancel it on the
 * server.
 */
public final class SqlExecutor {

  /** One result of a statement. */
  public sealed interface Outcome permits Rows, Tag {
  }

  public record Rows(ResultTable table) implements Outcome {
  }

  public record Tag(String tag, long count) implements Outcome {
  }

  /** Everything a statement produced. */
  public record Execution(List<Outcome> outcomes) {
  }

  /** A way to stop what runs on the server now: a statement's cancel, or the connection's for a COPY. */
  @FunctionalInterface
  private interface Canceller {
    void cancel() throws SQLException;
  }

  /** How much COPY data is sent per message. */
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final AtomicReference<Canceller> running = new AtomicReference<>();

  /**
   * Runs {@code sql}, which may hold several statements (a {@code -c} string), as one query.
   * {@code notices} gets the server's notices, also when the statement then fails (psql prints a
   * NOTICE raised before an error).
   */
  public Execution execute(Connection connection, String sql, Consumer<String> notices) throws SQLException {
    List<String> statements = sql.indexOf(';') < 0 ? List.of(sql) : splitForTags(sql);
    List<Outcome> outcomes = new ArrayList<>();
    try (Statement st = connection.createStatement()) {
      // Sent as typed, as psql sends it: JDBC escapes such as {fn ...} are not SQL.
      st.setEscapeProcessing(false);
      running.set(st::cancel);
      try {
        boolean hasRows = st.execute(sql);
        int index = 0;
        while (true) {
          if (hasRows) {
            try (ResultSet rs = st.getResultSet()) {
              outcomes.add(new Rows(table(rs)));
            }
          } else {
            long count = st.getLargeUpdateCount();
            if (count == -1) {
              break;
            }
            String text = index < statements.size() ? statements.get(index) : sql;
            outcomes.add(new Tag(CommandTag.of(text, count), count));
          }
          index++;
          hasRows = st.getMoreResults();
        }
      } finally {
        collectNotices(st.getWarnings(), notices);
        running.set(null);
      }
      return new Execution(outcomes);
    }
  }

  /**
   * Runs a COPY through the client ({@link CopyStatement}): FROM STDIN sends what {@code in} gives
   * (opened in the connection's client encoding, and closed, so that it can consume the rest of
   * its data, even when the server refused the COPY); TO STDOUT writes the rows to {@code out}
   * unchanged, binary format included. The outcome is the tag, {@code COPY n}.
   */
  public Execution copy(Connection connection, String sql, CopyStatement.Direction direction,
                        Function<Charset, InputStream> in, OutputStream out) throws SQLException, IOException {
    BaseConnection base = connection.unwrap(BaseConnection.class);
    CopyManager copy = new CopyManager(base);
    running.set(base::cancelQuery);
    try {
      long rows;
      if (direction == CopyStatement.Direction.FROM_STDIN) {
        try (InputStream data = in.apply(Charset.forName(base.getEncoding().name()))) {
          rows = copy.copyIn(sql, data, COPY_BUFFER_BYTES);
        }
      } else {
        rows = copy.copyOut(sql, out);
        out.flush();
      }
      return new Execution(List.of(new Tag("COPY " + rows, rows)));
    } finally {
      running.set(null);
    }
  }

  /** Asks the server to cancel the running statement, if any (from another thread). */
  public boolean cancel() {
    Canceller c = running.get();
    if (c == null) {
      return false;
    }
    try {
      c.cancel();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  public boolean isRunning() {
    return running.get() != null;
  }

  /** Reads a whole result set as text, as the server formats each value. */
  public static ResultTable table(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<ResultTable.Column> columns = new ArrayList<>(n);
    for (int c = 1; c <= n; c++) {
      columns.add(new ResultTable.Column(md.getColumnLabel(c), isNumeric(md.getColumnType(c))));
    }
    List<List<String>> rows = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>(n);
      for (int c = 1; c <= n; c++) {
        row.add(rs.getString(c));
      }
      rows.add(row);
    }
    return ResultTable.of(columns, rows);
  }

  private static boolean isNumeric(int type) {
    return switch (type) {
      case Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.DOUBLE,
           Types.FLOAT, Types.TINYINT -> true;
      default -> false;
    };
  }

  private static void collectNotices(SQLWarning w, Consumer<String> out) {
    for (; w != null; w = w.getNextWarning()) {
      out.accept(ErrorReport.notice(w));
    }
  }

  private static List<String> splitForTags(String sql) {
    StatementLexer lexer = StatementLexer.plain();
    lexer.push(sql);
    List<String> out = new ArrayList<>();
    for (var item = lexer.next(); item.isPresent() || (item = lexer.finish()).isPresent(); item = lexer.next()) {
      if (item.get() instanceof StatementLexer.Statement s) {
        out.add(s.sql());
      }
    }
    return out;
  }
}
