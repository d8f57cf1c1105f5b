package io.cutover.migration.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Schema {@code cutover} in the target database: everything the tool knows lives there, so every
 * shell on the database sees one truth. Created on first use, idempotently, under a transaction
 * advisory lock so two shells starting together do not race on CREATE TABLE.
 */
public final class CutoverSchema {

  public static final String NAME = "cutover";

  /** Advisory lock keys: one number per purpose, spelled from readable tags. */
  public static final long SCHEMA_LOCK = 0x6375_7473_6368_656DL; // "cutschem"

  /**
   * Every record but the plans themselves is keyed by the plan it belongs to, the table's
   * {@code PlanTable.key()}: two tables to normalize in one database keep apart steps, checkpoints
   * and migrations ({@code schema_history.plan} is '' for migrations that belong to no plan).
   */
  private static final String DDL = """
      CREATE SCHEMA IF NOT EXISTS cutover;
      CREATE TABLE IF NOT EXISTS cutover.plans (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        target     text        NOT NULL,
        document   jsonb       NOT NULL,
        source     text,
        loaded_by  text        NOT NULL DEFAULT current_user,
        loaded_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS cutover.schema_history (
        installed_rank integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plan           text        NOT NULL DEFAULT '',
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
        plan         text        NOT NULL,
        range_no     integer     NOT NULL,
        after_key    text,
        max_key      text        NOT NULL,
        done_after   text,
        rows_scanned bigint      NOT NULL DEFAULT 0,
        rows_updated bigint      NOT NULL DEFAULT 0,
        finished     boolean     NOT NULL DEFAULT false,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (plan, range_no)
      );
      CREATE TABLE IF NOT EXISTS cutover.backfill_runs (
        plan             text        PRIMARY KEY,
        state            text        NOT NULL,
        estimated_rows   bigint      NOT NULL,
        started_at       timestamptz NOT NULL DEFAULT now(),
        started_by       text        NOT NULL DEFAULT current_user,
        batches          bigint      NOT NULL DEFAULT 0,
        longest_batch_ms integer     NOT NULL DEFAULT 0,
        updated_at       timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS cutover.throttles (
        plan        text        NOT NULL,
        work        text        NOT NULL,
        reason      text        NOT NULL,
        since       timestamptz NOT NULL DEFAULT now(),
        pid         integer     NOT NULL DEFAULT pg_backend_pid(),
        PRIMARY KEY (plan, work)
      );
      CREATE TABLE IF NOT EXISTS cutover.steps (
        plan        text        NOT NULL,
        step        text        NOT NULL,
        status      text        NOT NULL,
        detail      jsonb       NOT NULL DEFAULT '{}',
        updated_by  text        NOT NULL DEFAULT current_user,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (plan, step)
      );
      CREATE TABLE IF NOT EXISTS cutover.retained_partitions (
        schema_name text        NOT NULL,
        table_name  text        NOT NULL,
        parent      text        NOT NULL,
        archived_to text,
        detached_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (schema_name, table_name)
      );
      """;

  /**
   * A schema made by a cutover that kept one plan's records per database: they become the records
   * of the plan loaded last (the only one they can be of: loading another table's plan cleared
   * them, so the plans of tables loaded before it were abandoned, and go). Each table's statements
   * run only if that table exists (older releases had fewer).
   */
  private static final String UPGRADE_PLANS = """
      ALTER TABLE cutover.plans ADD COLUMN target text;
      UPDATE cutover.plans SET target = '"' || replace(coalesce(document->>'schema', 'public'), '"', '""') || '"."'
        || replace(document->>'table', '"', '""') || '"';
      ALTER TABLE cutover.plans ALTER COLUMN target SET NOT NULL;
      CREATE TEMPORARY TABLE cutover_last_plan ON COMMIT DROP AS
        SELECT coalesce((SELECT target FROM cutover.plans ORDER BY id DESC LIMIT 1), '') AS target;
      DELETE FROM cutover.plans WHERE target <> (SELECT target FROM cutover_last_plan);
      """;
  private static final Map<String, String> UPGRADE_RECORDS = Map.of(
      "schema_history", """
          ALTER TABLE cutover.schema_history ADD COLUMN plan text NOT NULL DEFAULT '';
          UPDATE cutover.schema_history SET plan = (SELECT target FROM cutover_last_plan);
          """,
      "steps", """
          ALTER TABLE cutover.steps ADD COLUMN plan text NOT NULL DEFAULT '';
          UPDATE cutover.steps SET plan = (SELECT target FROM cutover_last_plan);
          ALTER TABLE cutover.steps ALTER COLUMN plan DROP DEFAULT, DROP CONSTRAINT steps_pkey, ADD PRIMARY KEY (plan, step);
          """,
      "backfill_ranges", """
          ALTER TABLE cutover.backfill_ranges ADD COLUMN plan text NOT NULL DEFAULT '';
          UPDATE cutover.backfill_ranges SET plan = (SELECT target FROM cutover_last_plan);
          ALTER TABLE cutover.backfill_ranges ALTER COLUMN plan DROP DEFAULT, DROP CONSTRAINT backfill_ranges_pkey,
            ADD PRIMARY KEY (plan, range_no);
          """,
      "backfill_runs", """
          ALTER TABLE cutover.backfill_runs ADD COLUMN plan text NOT NULL DEFAULT '';
          UPDATE cutover.backfill_runs SET plan = (SELECT target FROM cutover_last_plan);
          ALTER TABLE cutover.backfill_runs ALTER COLUMN plan DROP DEFAULT, DROP CONSTRAINT backfill_runs_pkey,
            DROP COLUMN id, ADD PRIMARY KEY (plan);
          """);

  private CutoverSchema() {
  }

  /**
   * Creates what is missing (every statement is IF NOT EXISTS, so a database made by an older
   * cutover gets the newer tables), and upgrades an older layout. Runs in its own transaction on
   * {@code c} (autocommit restored).
   */
  public static void ensure(Connection c) throws SQLException {
    if (layout(c) == Layout.CURRENT) {
      return;
    }
    Transactions.run(c, () -> {
      try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)"); Statement st = c.createStatement()) {
        lock.setLong(1, SCHEMA_LOCK);
        lock.execute();
        if (layout(c) == Layout.OLDER) {
          st.execute(UPGRADE_PLANS);
          for (var table : UPGRADE_RECORDS.entrySet()) {
            if (has(c, table.getKey())) {
              st.execute(table.getValue());
            }
          }
        }
        st.execute(DDL);
      }
    });
  }

  /**
   * Whether cutover has stored anything here (for commands that must touch nothing); a layout
   * made by an older cutover is upgraded first, which needs a writable session.
   */
  public static boolean exists(Connection c) throws SQLException {
    Layout layout = layout(c);
    if (layout == Layout.NONE) {
      return false;
    }
    if (layout == Layout.OLDER) {
      if (SqlValues.one(c, Boolean.class, "SELECT current_setting('transaction_read_only')::boolean")) {
        throw new SQLException("schema cutover was made by an earlier cutover and needs an upgrade, which this read-only"
            + " connection cannot make: run \\status once on the primary (the upgrade takes a moment)", "55000");
      }
      ensure(c);
    }
    return layout == Layout.CURRENT || has(c, "schema_history");
  }

  /** What schema cutover holds, told apart in one catalog query: the backfill and every step ask, batch after batch. */
  private enum Layout {
    /** No plans table: cutover has stored nothing. */
    NONE,
    /** An earlier release's: plans not keyed by their table. */
    OLDER,
    /** This release's, some table missing. */
    PARTIAL,
    CURRENT
  }

  private static final String LAYOUT = """
      SELECT CASE
        WHEN to_regclass('cutover.plans') IS NULL THEN 'NONE'
        WHEN NOT EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass('cutover.plans')
                         AND attname = 'target' AND NOT attisdropped) THEN 'OLDER'
        WHEN to_regclass('cutover.steps') IS NULL OR to_regclass('cutover.backfill_runs') IS NULL
          OR to_regclass('cutover.backfill_ranges') IS NULL OR to_regclass('cutover.schema_history') IS NULL
          OR to_regclass('cutover.retained_partitions') IS NULL
          OR to_regclass('cutover.throttles') IS NULL
          THEN 'PARTIAL'
        ELSE 'CURRENT' END
      """;

  private static Layout layout(Connection c) throws SQLException {
    return Layout.valueOf(SqlValues.one(c, String.class, LAYOUT));
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
