package io.cutover.migration.partition;

import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.SqlValues;
import io.cutover.shell.spi.CommandException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether a partitioned table has its partitions ready for the coming periods: the warning
 * {@code \partition status} gives when it has fewer than its period's default
 * headroom (an insert dated past the newest partition fails).
 */
public final class Headroom {

  private Headroom() {
  }

  /**
   * The warning for {@code table} if it is partitioned by RANGE on a time column and short of its
   * headroom, for {@code \status}; empty for any other table.
   */
  public static Optional<String> warning(Connection c, PlanTable table) throws SQLException {
    try {
      return shortfall(c, PartitionedTable.read(c, table.key()));
    } catch (CommandException e) {
      return Optional.empty(); // not partitioned by time: no headroom to keep
    }
  }

  /** The warning for {@code table}, if it is short of its headroom. */
  static Optional<String> shortfall(Connection c, PartitionedTable table) throws SQLException {
    Optional<Period> period = table.period();
    if (period.isEmpty() || table.edge().isEmpty() || isArchive(c, table)) {
      return Optional.empty();
    }
    long now = (long) Math.floor(SqlValues.one(c, Double.class, PartitionSql.NOW));
    long ahead = 0;
    for (long from = period.get().next(period.get().floor(now)); from < table.edge().get(); from = period.get().next(from)) {
      ahead++;
    }
    if (table.edge().get() <= now && table.overflow().isPresent()) {
      return Optional.of(table.table() + " has no partition of its own for rows dated from " + Period.shown(table.edge().get())
          + " on: the application's inserts of now go to its overflow partition " + table.overflow().get().table()
          + "; run \\partition maintain " + table.table());
    }
    if (table.edge().get() <= now) {
      return Optional.of(table.table() + " has no partition for rows dated from " + Period.shown(table.edge().get())
          + " on: the application's inserts of now fail; run \\partition maintain " + table.table());
    }
    if (ahead >= period.get().defaultHeadroom()) {
      return Optional.empty();
    }
    return Optional.of(table.table() + " has partitions for " + ahead + " " + period.get() + (ahead == 1 ? "" : "s")
        + " ahead, under the headroom of " + period.get().defaultHeadroom() + ": run \\partition maintain " + table.table());
  }

  /** Whether {@code \partition retain --archive} keeps old partitions in {@code table}: it needs no headroom. */
  private static boolean isArchive(Connection c, PartitionedTable table) throws SQLException {
    return CutoverSchema.exists(c) && SqlValues.one(c, Boolean.class, PartitionSql.IS_ARCHIVE, table.qualified());
  }
}
