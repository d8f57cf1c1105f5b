package io.cutover.shell.session;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.cutover.shell.connect.ConnectionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * A connection to one database: HikariCP holds the connections, and the session pins one of
 * them for the user's statements, so its transaction, SET and temporary tables survive between
 * statements. Background work borrows the others.
 */
public final class Session implements AutoCloseable {

  /** Connections for background work besides the pinned one (backfill workers, \compare). */
  private static final int POOL_SIZE = 10;
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(30);
  /** How long a live server may take to answer the probe after a failure before the connection counts as lost. */
  private static final Duration LOST_PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final ConnectionSettings settings;
  private final HikariDataSource pool;
  private final Connection connection;

  private Session(ConnectionSettings settings, HikariDataSource pool, Connection connection) {
    this.settings = settings;
    this.pool = pool;
    this.connection = connection;
  }

  /**
   * Connects; the pool makes its first connection at once, so a wrong password or an unreachable
   * server fails here, with the driver's SQLException (its SQLSTATE intact).
   */
  public static Session open(ConnectionSettings settings) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName("cutover");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setDataSourceProperties(settings.jdbcProperties());
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setInitializationFailTimeout(1);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException(e.getMessage(), "08001", e);
    }
    try {
      return new Session(settings, pool, pool.getConnection());
    } catch (SQLException e) {
      pool.close();
      throw e;
    }
  }

  public ConnectionSettings settings() {
    return settings;
  }

  /** The pinned connection. */
  public Connection connection() {
    return connection;
  }

  public DataSource pool() {
    return pool;
  }

  public TransactionState transactionState() {
    try {
      return connection.unwrap(BaseConnection.class).getTransactionState();
    } catch (SQLException e) {
      return TransactionState.IDLE;
    }
  }

  /** A server parameter the server reports (is_superuser, server_version, ...), or "". */
  public String parameter(String name) {
    try {
      String v = connection.unwrap(PGConnection.class).getParameterStatus(name);
      return v == null ? "" : v;
    } catch (SQLException e) {
      return "";
    }
  }

  public boolean isSuperuser() {
    return parameter("is_superuser").equals("on");
  }

  /**
   * Whether the pinned connection is gone after a failure, as psql asks libpq after each failed
   * command: closed, or no longer answering (a terminated backend whose error did not carry a
   * connection SQLSTATE, or whose end had not reached the driver yet). One round trip.
   */
  public boolean isLost() {
    try {
      return connection.isClosed() || !connection.isValid((int) LOST_PROBE_TIMEOUT.toSeconds());
    } catch (SQLException e) {
      return true;
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing a broken connection: nothing the user can do about it.
    } finally {
      pool.close();
    }
  }
}
