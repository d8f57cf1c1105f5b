package io.cutover.migration.pacing;

import io.cutover.migration.state.SqlValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads every signal but cutover's own commit latency in one query on the primary, taking no
 * lock: the statistics views only. What the connecting role may not see reads as follows:
 * pg_stat_replication's positions as NULL (a standby attached whose lag cannot be read: over
 * budget, fail closed); pg_ls_archive_statusdir() refused (the backlog is counted from
 * pg_stat_archiver's last archived segment instead); other sessions' vacuums and transactions
 * not at all (grant pg_monitor to see them).
 */
public final class Health {

  /** The subject of an autovacuum that yields to locks; anything else may be one preventing wraparound. */
  static final String ORDINARY_AUTOVACUUM = "autovacuum";

  /**
   * Bind: the table's oid. Standbys: every walsender but a base backup's; replay_lag is NULL
   * while nothing is in flight, so its row is left out then and the bytes decide. Archive
   * backlog: {@link #READY_FILES} or {@link #SEGMENTS_SINCE_ARCHIVED} (a .history or .backup
   * file name is no segment: skipped). The template's % are doubled for String.format.
   */
  private static final String READ_TEMPLATE = """
      SELECT 'STANDBY_REPLAY_LAG', application_name, extract(epoch FROM replay_lag)::float8 * 1000
        FROM pg_catalog.pg_stat_replication WHERE state IS DISTINCT FROM 'backup' AND replay_lag IS NOT NULL
      UNION ALL
      SELECT 'STANDBY_REPLAY_BYTES', application_name,
             pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), replay_lsn)::float8
        FROM pg_catalog.pg_stat_replication WHERE state IS DISTINCT FROM 'backup'
      UNION ALL
      SELECT 'ARCHIVE_FAILING', last_failed_wal, 1 FROM pg_catalog.pg_stat_archiver
        WHERE current_setting('archive_mode') <> 'off' AND last_failed_time > coalesce(last_archived_time, '-infinity')
      UNION ALL
      SELECT 'ARCHIVE_BACKLOG', NULL, %s
        WHERE current_setting('archive_mode') <> 'off'
      UNION ALL
      SELECT 'AUTOVACUUM', CASE WHEN a.query LIKE 'autovacuum:%%(to prevent wraparound)%%' THEN 'autovacuum to prevent wraparound'
                                WHEN a.query LIKE 'autovacuum:%%' THEN 'autovacuum'
                                ELSE 'autovacuum (its kind unreadable)' END,
             (100.0 * v.heap_blks_scanned / nullif(v.heap_blks_total, 0))::float8
        FROM pg_catalog.pg_stat_progress_vacuum v JOIN pg_catalog.pg_stat_activity a ON a.pid = v.pid
        WHERE v.relid = ? AND a.backend_type = 'autovacuum worker'
      UNION ALL
      (SELECT 'OLDEST_TRANSACTION', 'pid ' || pid || coalesce(', ' || nullif(application_name, ''), ''),
              extract(epoch FROM now() - xact_start)::float8
         FROM pg_catalog.pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_catalog.pg_backend_pid() AND backend_type = 'client backend'
           AND xact_start IS NOT NULL AND (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)
         ORDER BY xact_start LIMIT 1)
      """;

  /** The backlog where the role may list pg_wal/archive_status. */
  private static final String READY_FILES = """
      (SELECT count(*) FROM pg_catalog.pg_ls_archive_statusdir() WHERE name LIKE '%.ready')::float8""";
  /** Elsewhere: the segments from the last archived to the one being written, by their names. */
  private static final String SEGMENTS_SINCE_ARCHIVED = """
      coalesce((SELECT greatest(0, s.current - s.archived - 1) FROM (
        SELECT ('x' || substr(w.cur, 9, 8))::bit(32)::bigint * w.per + ('x' || substr(w.cur, 17, 8))::bit(32)::bigint AS current,
               ('x' || substr(w.arc, 9, 8))::bit(32)::bigint * w.per + ('x' || substr(w.arc, 17, 8))::bit(32)::bigint AS archived
        FROM (SELECT pg_catalog.pg_walfile_name(pg_catalog.pg_current_wal_lsn()) AS cur, a.last_archived_wal AS arc,
                     4294967296 / (SELECT setting::bigint FROM pg_catalog.pg_settings WHERE name = 'wal_segment_size') AS per
              FROM pg_catalog.pg_stat_archiver a WHERE a.last_archived_wal ~ '^[0-9A-F]{24}$') w) s), 0)::float8""";
  /**
   * PostgreSQL checks a function's privilege when the statement starts, even in a CASE branch
   * never taken: the query is chosen before it runs.
   */
  private static final String CAN_LIST_ARCHIVE_STATUS =
      "SELECT pg_catalog.has_function_privilege('pg_catalog.pg_ls_archive_statusdir()', 'execute')";
  private static final String READ_LISTING = String.format(Locale.ROOT, READ_TEMPLATE, READY_FILES);
  private static final String READ_COUNTING = String.format(Locale.ROOT, READ_TEMPLATE, SEGMENTS_SINCE_ARCHIVED);

  private Health() {
  }

  /** Every reading now, for the table {@code tableOid} (its autovacuums). */
  public static List<Reading> read(Connection c, long tableOid) throws SQLException {
    List<Reading> out = new ArrayList<>();
    boolean listing = SqlValues.one(c, Boolean.class, CAN_LIST_ARCHIVE_STATUS);
    try (PreparedStatement ps = c.prepareStatement(listing ? READ_LISTING : READ_COUNTING)) {
      ps.setLong(1, tableOid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double v = rs.getDouble(3);
          Optional<Double> value = rs.wasNull() ? Optional.empty() : Optional.of(v);
          out.add(new Reading(Signal.valueOf(rs.getString(1)), rs.getString(2) == null ? "" : rs.getString(2), value));
        }
      }
    }
    return out;
  }

  /** The autovacuums of the table now that must not meet a lock: every one but those that yield to it. */
  public static List<Reading> unyieldingVacuums(Connection c, long tableOid) throws SQLException {
    return read(c, tableOid).stream().filter(r -> r.signal() == Signal.AUTOVACUUM
        && !r.subject().equals(ORDINARY_AUTOVACUUM)).toList();
  }
}
