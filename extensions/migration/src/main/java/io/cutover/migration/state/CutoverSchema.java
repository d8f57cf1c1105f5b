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
      CREATE TABLE IF NOT EXISTS cutover.backfill_ranges (
        range_no     integer PRIMARY KEY,
        after_key    text,
        max_key      text        NOT NULL,
        done_after   text,
        rows_scanned bigint      NOT NULL DEFAULT 0,
        rows_updated bigint      NOT NULL DEFAULT 0,
        finished     boolean     NOT NULL DEFAULT false,
        updated_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS cutover.backfill_runs (
        id               integer PRIMARY KEY CHECK (id = 1),
        state            text        NOT NULL,
        estimated_rows   bigint      NOT NULL,
        started_at       timestamptz NOT NULL DEFAULT now(),
        started_by       text        NOT NULL DEFAULT current_user,
        batches          bigint      NOT NULL DEFAULT 0,
        longest_batch_ms integer     NOT NULL DEFAULT 0,
        updated_at       timestamptz NOT NULL DEFAULT now()
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

  /**
   * Creates what is missing (every statement is IF NOT EXISTS, so a database made by an older
   * cutover gets the newer tables). Runs in its own transaction on {@code c} (autocommit restored).
   */
  public static void ensure(Connection c) throws SQLException {
    if (has(c, "backfill_runs") && has(c, "steps")) {
      return;
    }
    Transactions.run(c, () -> {
      try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)"); Statement st = c.createStatement()) {
        lock.setLong(1, SCHEMA_LOCK);
        lock.execute();
        st.execute(DDL);
      }
    });
  }

  /** Whether cutover has stored anything here (read-only; for commands that must touch nothing). */
  public static boolean exists(Connection c) throws SQLException {
    return has(c, "plans") && has(c, "schema_history");
  }

  /** Whether table {@code cutover.<table>} exists. */
  public static boolean has(Connection c, String table) throws SQLException {
    return relationExists(c, "cutover." + table);
  }

  /** Whether a table, index or sequence of that (qualified, quoted as SQL needs) name exists; no lock taken. */
  public static boolean relationExists(Connection c, String qualifiedName) throws SQLException {
    return SqlValues.one(c, Boolean.class, "SELECT to_regclass(?) IS NOT NULL", qualifiedName);
  }
}
