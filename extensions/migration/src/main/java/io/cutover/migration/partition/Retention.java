package io.cutover.migration.partition;

import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.lock.LockedTransaction;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.SqlValues;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Printer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code \partition retain}: old partitions leave the table by {@code DETACH PARTITION ...
 * CONCURRENTLY} (reads and writes of the table go on), one at a time; an interrupted detach is
 * finished (FINALIZE) by the next run; then each is attached to an archive table, or dropped once
 * its grace period is over. Every step waits at most the lock timeout, and is retried.
 */
final class Retention {

  /** A partition detached earlier, as {@code cutover.retained_partitions} remembers it. */
  record Retained(PlanTable table, Optional<String> archivedTo, double detachedAt) {
  }

  private final PartitionedTable parent;
  private final LockRetry retry;
  private final LockRetry.Settings lock;
  private final Printer printer;

  Retention(PartitionedTable parent, LockRetry retry, LockRetry.Settings lock, Printer printer) {
    this.parent = parent;
    this.retry = retry;
    this.lock = lock;
    this.printer = printer;
  }

  /** The partitions wholly before {@code cutoff} (epoch seconds), and every one a detach left pending. */
  List<PartitionedTable.Partition> due(long cutoff) {
    return parent.partitions().stream()
        .filter(p -> p.pending() || (!p.isDefault() && p.to().isPresent() && p.to().get() <= cutoff)).toList();
  }

  /**
   * Detaches {@code p} concurrently, or finishes its pending detach. Outside any transaction (the
   * server refuses CONCURRENTLY in one), so lock_timeout is set on the session around it.
   */
  void detach(Connection c, PartitionedTable.Partition p, Optional<String> archive) throws Exception {
    retry.run("detach " + p.table() + " from " + parent.table(), c, () -> {
      Optional<Boolean> pending = pending(c, p.table());
      if (pending.isEmpty()) {
        return; // detached meanwhile: by the try that timed out after its first transaction, or another session
      }
      String statement = SqlValues.one(c, String.class, pending.get() ? PartitionSql.FINALIZE : PartitionSql.DETACH,
          parent.oid(), p.table().schema(), p.table().name());
      SqlValues.one(c, String.class, "SELECT set_config('lock_timeout', ?, false)", lock.lockTimeoutSetting());
      try (Statement st = c.createStatement()) {
        st.execute(statement);
      } finally {
        SqlValues.one(c, String.class, "SELECT set_config('lock_timeout', NULL, false)");
      }
    });
    SqlValues.update(c, PartitionSql.RECORD_DETACHED, parent.qualified(), p.table().schema(), p.table().name(),
        archive.orElse(null));
    printer.info("  " + p.table() + " (" + p.range() + ") detached from " + parent.table());
  }

  /** Whether {@code table} is still a partition of the parent with a detach pending; empty when no longer one. */
  private Optional<Boolean> pending(Connection c, PlanTable table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT inhdetachpending FROM pg_catalog.pg_inherits WHERE inhrelid = to_regclass(?) AND inhparent = ?")) {
      ps.setString(1, table.key());
      ps.setLong(2, parent.oid());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
      }
    }
  }

  /**
   * Attaches the detached {@code p} to {@code archive} with its bounds; the archive is made when
   * missing, partitioned like the parent. The CHECK constraint the detach left on {@code p} spares
   * the attach its scan.
   */
  void archive(Connection c, PartitionedTable.Partition p, PlanTable archive) throws Exception {
    if (!CutoverSchema.relationExists(c, archive.key())) {
      String create = SqlValues.one(c, String.class, PartitionSql.CREATE_ARCHIVE, archive.schema(), archive.name(), parent.oid(),
          parent.column());
      LockedTransaction.run(c, lock.lockTimeoutSetting(), create);
      printer.info("  made " + archive + ", partitioned like " + parent.table() + ", for the archived partitions");
    }
    String attach = SqlValues.one(c, String.class, PartitionSql.ATTACH_AS_WAS, archive.key(), p.table().schema(),
        p.table().name(), p.bound());
    retry.run("attach " + p.table() + " to " + archive, c, () -> LockedTransaction.run(c, lock.lockTimeoutSetting(), attach));
    printer.info("  " + p.table() + " archived in " + archive);
  }

  /** Drops the partitions detached (not archived) at or before {@code cutoff}; returns how many. */
  int dropDetachedBefore(Connection c, double cutoff) throws Exception {
    int dropped = 0;
    for (Retained r : retained(c)) {
      if (r.archivedTo().isPresent() || r.detachedAt() > cutoff) {
        continue;
      }
      if (CutoverSchema.relationExists(c, r.table().key())) {
        String drop = SqlValues.one(c, String.class, PartitionSql.DROP, r.table().schema(), r.table().name());
        retry.run("drop " + r.table(), c, () -> LockedTransaction.run(c, lock.lockTimeoutSetting(), drop));
        printer.info("  " + r.table() + " dropped (detached from " + parent.table() + " before the grace period's start)");
        dropped++;
      }
      SqlValues.update(c, PartitionSql.FORGET_DROPPED, r.table().schema(), r.table().name());
    }
    return dropped;
  }

  List<Retained> retained(Connection c) throws SQLException {
    List<Retained> out = new ArrayList<>();
    if (!CutoverSchema.exists(c)) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(PartitionSql.RETAINED)) {
      ps.setString(1, parent.qualified());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Retained(new PlanTable(rs.getString(1), rs.getString(2)), Optional.ofNullable(rs.getString(3)),
              rs.getDouble(4)));
        }
      }
    }
    return out;
  }
}
