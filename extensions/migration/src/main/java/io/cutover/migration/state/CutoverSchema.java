package io.cutover.migration.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schema {@code cutover} in the target database: everything the tool knows lives there, so every
 * shell on the database sees one truth. Created on first use, idempotently, under a transaction
 * advisory lock so two shells starting together do not race on CREATE TABLE.
 */
public final class CutoverSchema {

  public static final String NAME = "cutover";

  /** Advisory lock keys: one number per purpose, spelled from readable tags. */
  public static final long SCHEMA_LOCK = 0x6375_7473_6368_656DL; // "cutschem"

  private static final String DDL = """
      CREATE SCHEMA IF NOT EXISTS cutover;
      CREATE TABLE IF NOT EXISTS cutover.plans (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        document   jsonb       NOT NULL,
        source     text,
        loaded_by  text        NOT NULL DEFAULT current_user,
        loaded_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS cutover.schema_history (
        installed_rank integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        version        text        NOT NULL,
        description    text        NOT NULL,
        kind           text        NOT NULL CHECK (kind IN ('schema', 'data')),
        script         text        NOT NULL,
        checksum       integer     NOT NULL,
        installed_by   text        NOT NULL DEFAULT current_user,
        installed_on   timestamptz NOT NULL DEFAULT now(),
        execution_ms   integer     NOT NULL,
        success        boolean     NOT NULL,
        failure        text
      );
      CREATE TABLE IF NOT EXISTS cutover.steps (
        step        text PRIMARY KEY,
        status      text        NOT NULL,
        detail      jsonb       NOT NULL DEFAULT '{}',
        updated_by  text        NOT NULL DEFAULT current_user,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      """;

  private CutoverSchema() {
  }

  /** Creates what is missing. Runs in its own transaction on {@code c} (autocommit restored). */
  public static void ensure(Connection c) throws SQLException {
    if (exists(c)) {
      return;
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)"); Statement st = c.createStatement()) {
      lock.setLong(1, SCHEMA_LOCK);
      lock.execute();
      st.execute(DDL);
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** Whether the schema exists with its tables (read-only; for commands that must touch nothing). */
  public static boolean exists(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
         var rs = st.executeQuery("SELECT to_regclass('cutover.steps') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
