package io.cutover.migration;

import io.cutover.shell.spi.Cancellation;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Failures of the migration commands that come from the session's limits rather than from the
 * command: a read-only connection (SQLSTATE 25006: a standby, or default_transaction_read_only)
 * and a statement cut by statement_timeout (57014 without Ctrl-C). Each is told as what is wrong
 * and the statement that lifts it, found from where the setting comes (database, role, both).
 */
public final class SessionLimits {

  private static final String READ_ONLY_SQL_TRANSACTION = "25006";
  private static final String QUERY_CANCELED = "57014";

  /** Read on a connection of its own: the failing one may be in an aborted transaction. */
  private static final String SETTING = """
      SELECT pg_catalog.pg_is_in_recovery(), s.setting, s.unit, s.source, current_user, current_database()
      FROM pg_catalog.pg_settings s WHERE s.name = ?
      """;

  /** Where a setting of the failing connection came from, and what it is. */
  private record Origin(boolean isStandby, String value, String source, String role, String database) {
  }

  private SessionLimits() {
  }

  /**
   * The explanation of {@code failure} (what a command threw) when a session limit caused it.
   *
   * @param command as the user types it, {@code \validate_fks}
   */
  public static Optional<CommandException> explain(String command, Exception failure, CommandContext context) {
    Optional<SQLException> server = serverCause(failure);
    if (server.isEmpty() || server.get().getSQLState() == null) {
      return Optional.empty();
    }
    // A cutover message already says which step failed; a bare server error says nothing more than the limit.
    String step = failure instanceof CommandException ? ": " + failure.getMessage() : "";
    return switch (server.get().getSQLState()) {
      case READ_ONLY_SQL_TRANSACTION -> Optional.of(readOnly(command, step, origin(context, "default_transaction_read_only")));
      case QUERY_CANCELED -> isTimeout(server.get(), context.cancellation())
          ? Optional.of(timedOut(command, step, origin(context, "statement_timeout"))) : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** A statement cut by a timeout: 57014 is also Ctrl-C's state, told apart by the shell's cancellation. */
  public static boolean isTimeout(SQLException e, Cancellation cancellation) {
    return QUERY_CANCELED.equals(e.getSQLState()) && !cancellation.isCancelled();
  }

  /** Whether a connection may write: false on a standby and under default_transaction_read_only. */
  public static boolean isReadOnly(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('transaction_read_only')::boolean");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static CommandException readOnly(String command, String step, Optional<Origin> origin) {
    String again = "then \\c and run " + command + " again";
    String off = "SET default_transaction_read_only = off; ";
    String hint = origin.map(o -> o.isStandby()
        ? "this server is a standby (in recovery), which only reads: connect to the primary with \\c and run " + command
            + " there"
        : switch (o.source()) {
          case "database" -> "default_transaction_read_only is on for database " + Quoting.identifier(o.database())
              + ": if that is not deliberate, " + off + "ALTER DATABASE " + Quoting.identifier(o.database())
              + " RESET default_transaction_read_only; " + again;
          case "user" -> "default_transaction_read_only is on for role " + Quoting.identifier(o.role())
              + ": if that is not deliberate, " + off + "ALTER ROLE " + Quoting.identifier(o.role())
              + " RESET default_transaction_read_only; " + again;
          case "database user" -> "default_transaction_read_only is on for role " + Quoting.identifier(o.role())
              + " in database " + Quoting.identifier(o.database()) + ": if that is not deliberate, " + off + "ALTER ROLE "
              + Quoting.identifier(o.role()) + " IN DATABASE " + Quoting.identifier(o.database())
              + " RESET default_transaction_read_only; " + again;
          default -> "this session is read-only (SET default_transaction_read_only, BEGIN READ ONLY or PGOPTIONS):"
              + " end a read-only transaction with COMMIT or ROLLBACK, or SET default_transaction_read_only = off, then"
              + " run " + command + " again";
        }).orElse("connect to the primary with \\c, or turn default_transaction_read_only off for this role or database,"
            + " and run " + command + " again");
    return new CommandException("this connection is read-only (a standby?)" + step, hint);
  }

  private static CommandException timedOut(String command, String step, Optional<Origin> origin) {
    String session = "SET statement_timeout = 0 covers only this session's own statements";
    String enough = " SET statement_timeout = 0 (or more than " + command + " needs), then \\c and run " + command
        + " again; " + session;
    String where = origin.map(o -> switch (o.source()) {
      case "database" -> ", set for database " + Quoting.identifier(o.database());
      case "user" -> ", set for role " + Quoting.identifier(o.role());
      case "database user" -> ", set for role " + Quoting.identifier(o.role()) + " in database "
          + Quoting.identifier(o.database());
      default -> "";
    }).orElse("");
    String hint = origin.map(o -> switch (o.source()) {
      case "database" -> "ALTER DATABASE " + Quoting.identifier(o.database()) + enough;
      case "user" -> "ALTER ROLE " + Quoting.identifier(o.role()) + enough;
      case "database user" -> "ALTER ROLE " + Quoting.identifier(o.role()) + " IN DATABASE "
          + Quoting.identifier(o.database()) + enough;
      default -> "SET statement_timeout = 0 in this session and run " + command + " again";
    }).orElse("SET statement_timeout = 0 in this session, or ALTER ROLE CURRENT_USER SET statement_timeout = 0 and \\c;"
        + " then run " + command + " again");
    String value = origin.map(o -> " (" + o.value() + where + ")").orElse("");
    return new CommandException("a statement ran past statement_timeout" + value + step, hint);
  }

  /** The setting as a new connection of the pool sees it; empty when it cannot be read (the message goes on without). */
  private static Optional<Origin> origin(CommandContext context, String setting) {
    try (Connection c = context.pool().getConnection(); PreparedStatement ps = c.prepareStatement(SETTING)) {
      ps.setString(1, setting);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String unit = rs.getString(3) == null ? "" : rs.getString(3);
        return Optional.of(new Origin(rs.getBoolean(1), rs.getString(2) + unit, rs.getString(4), rs.getString(5),
            rs.getString(6)));
      }
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  private static Optional<SQLException> serverCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException e) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
