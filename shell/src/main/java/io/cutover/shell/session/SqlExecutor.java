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
import io.cutover.shell.spi.SqlScript;
import java.util.ArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Field;
import org.postgresql.core.Query;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.ResultCursor;
import org.postgresql.core.ResultHandlerBase;
import org.postgresql.core.Tuple;

/**
 * Sends SQL text as typed and collects what comes back: result sets, command tags and the
 * server's notices. Keeps a handle on the running statement so Ctrl-C can cancel it on the
 * server.
 */
public final class SqlExecutor {

  /** One result of a statement. */
  public sealed interface Outcome permits Rows, Tag, Note {
  }

  /** A line psql prints to standard output in place of a result ({@code \gdesc} of a command without columns). */
  public record Note(String text) implements Outcome {
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
  public Execution execute(Connection connection, String sql, Consumer<SQLWarning> notices) throws SQLException {
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

  /** psql's text when {@code \gdesc} finds no columns; scripts may match it. */
  static final String NO_COLUMNS = "The command has no result, or the result has no columns.";

  /** The name and type of each column of {@code sql}'s result, as {@code \gdesc} prints them. */
  private static final String FORMAT_TYPES = """
      SELECT pg_catalog.format_type(t::pg_catalog.oid, m)
        FROM ROWS FROM (pg_catalog.unnest(?::pg_catalog.int8[]), pg_catalog.unnest(?::pg_catalog.int4[]))
        WITH ORDINALITY AS u(t, m, n) ORDER BY n""";

  /**
   * {@code \gdesc}: the columns {@code sql} would return, from the server's description of it
   * (parsed and planned, never run), as a table of names and types.
   */
  public Execution describe(Connection connection, String sql) throws SQLException {
    BaseConnection base = connection.unwrap(BaseConnection.class);
    QueryExecutor queries = base.getQueryExecutor();
    // Parsed by pgjdbc (an unparsed text may hold several statements, which it cannot describe), with
    // each ? of the SQL (an operator) written ?? so that pgjdbc keeps it.
    Query query = queries.createQuery(escapeQuestionMarks(sql), false, true).query;
    List<Field> fields = new ArrayList<>();
    ResultHandlerBase handler = new ResultHandlerBase() {
      @Override
      public void handleResultRows(Query q, Field[] described, List<Tuple> tuples, ResultCursor cursor) {
        fields.addAll(List.of(described));
      }

      @Override
      public void handleWarning(SQLWarning warning) {
        // Describing raises no notices a user needs.
      }
    };
    running.set(base::cancelQuery);
    try {
      // Sized by the $n the text uses, as the server counts them; the server infers their types.
      queries.execute(query, queries.createFastpathParameters(parameterCount(sql)), handler, 0, 0,
          QueryExecutor.QUERY_ONESHOT | QueryExecutor.QUERY_DESCRIBE_ONLY | QueryExecutor.QUERY_SUPPRESS_BEGIN);
    } finally {
      running.set(null);
    }
    if (fields.isEmpty()) {
      return new Execution(List.of(new Note(NO_COLUMNS)));
    }
    List<List<String>> rows = new ArrayList<>();
    try (java.sql.PreparedStatement st = connection.prepareStatement(FORMAT_TYPES)) {
      st.setArray(1, connection.createArrayOf("int8", fields.stream().map(f -> (long) f.getOID()).toArray()));
      st.setArray(2, connection.createArrayOf("int4", fields.stream().map(Field::getMod).toArray()));
      try (ResultSet rs = st.executeQuery()) {
        for (Field f : fields) {
          rs.next();
          rows.add(java.util.Arrays.asList(f.getColumnLabel(), rs.getString(1)));
        }
      }
    }
    return new Execution(List.of(new Rows(ResultTable.of(
        List.of(ResultTable.Column.text("Column"), ResultTable.Column.text("Type")), rows))));
  }

  private static String escapeQuestionMarks(String sql) {
    StringBuilder out = new StringBuilder(sql);
    List<SqlScript.Token> tokens = SqlScript.lex(sql);
    for (int i = tokens.size() - 1; i >= 0; i--) {
      SqlScript.Token t = tokens.get(i);
      if (t.kind() == SqlScript.TokenKind.WORD || t.kind() == SqlScript.TokenKind.SYMBOL) {
        for (int at = t.end() - 1; at >= t.start(); at--) {
          if (sql.charAt(at) == '?') {
            out.insert(at, '?');
          }
        }
      }
    }
    return out.toString();
  }

  /** The highest {@code $n} outside literals, quoted names and comments. */
  private static int parameterCount(String sql) {
    StringBuilder code = new StringBuilder();
    int end = 0;
    for (SqlScript.Token t : SqlScript.lex(sql)) {
      if (t.kind() == SqlScript.TokenKind.WORD || t.kind() == SqlScript.TokenKind.SYMBOL) {
        code.append(t.start() == end ? "" : " ").append(t.text(sql));
      } else {
        code.append(' ');
      }
      end = t.end();
    }
    int max = 0;
    Matcher m = PARAMETER.matcher(code);
    while (m.find()) {
      max = Math.max(max, Integer.parseInt(m.group(1)));
    }
    return max;
  }

  private static final Pattern PARAMETER = Pattern.compile("\\$(\\d{1,5})(?![0-9])");

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

  private static void collectNotices(SQLWarning w, Consumer<SQLWarning> out) {
    for (; w != null; w = w.getNextWarning()) {
      out.accept(w);
    }
  }

  private static List<String> splitForTags(String sql) {
    StatementLexer lexer = StatementLexer.plain();
    lexer.push(sql);
    List<String> out = new ArrayList<>();
    for (var item = lexer.next(); item.isPresent() || (item = lexer.finish()).isPresent(); item = lexer.next()) {
      if (item.get() instanceof StatementLexer.Statement s && !s.sql().isEmpty()) {
        out.add(s.sql());
      }
    }
    return out;
  }
}
