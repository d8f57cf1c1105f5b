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
      CREATE OR REPLACE FUNCTION cutover.value_digest(text) RETURNS bytea
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT pg_catalog.sha256(pg_catalog.convert_to($1, 'UTF8')) $$;
      COMMENT ON FUNCTION cutover.value_digest(text) IS
        'The key of a lookup row whose value may be too long for a btree (past about 2.7 kB): unique on it, compared on the value';
      """;

  /**
   * The function that gives a lookup value its key where the value may be too long for a btree:
   * IMMUTABLE (convert_to is only STABLE, but a database's encoding never changes), so a unique
   * index may be built on it; SHA-256, so no two values share a key.
   */
  public static final String DIGEST = "cutover.value_digest";

  private CutoverSchema() {
  }

  /**
   * Creates what is missing (every statement is IF NOT EXISTS, so a database made by an older
   * cutover gets the newer tables). Runs in its own transaction on {@code c} (autocommit restored).
   */
  public static void ensure(Connection c) throws SQLException {
    if (has(c, "backfill_runs") && has(c, "steps") && hasDigest(c)) {
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

  private static boolean hasDigest(Connection c) throws SQLException {
    return SqlValues.one(c, Boolean.class, "SELECT to_regprocedure('cutover.value_digest(text)') IS NOT NULL");
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
