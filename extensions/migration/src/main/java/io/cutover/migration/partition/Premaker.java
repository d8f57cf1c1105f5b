package io.cutover.migration.partition;

import io.cutover.migration.lock.LockRetry;
import io.cutover.migration.lock.LockedTransaction;
import io.cutover.migration.plan.Names;
import io.cutover.migration.plan.PlanTable;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.migration.state.SqlValues;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Printer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code \partition maintain}: the partitions from the newest one's end up to the current period
 * plus the headroom, each made as a table of its own and then attached (never {@code PARTITION
 * OF}, which would lock the parent exclusively), so the application's inserts of the coming
 * periods always find their partition.
 */
final class Premaker {

  /** A partition to make: [from, to) in epoch seconds, and its table. */
  record Planned(PlanTable table, long from, long to) {
  }

  private final PartitionedTable parent;
  private final Period period;

  Premaker(PartitionedTable parent, Period period) {
    this.parent = parent;
    this.period = period;
  }

  /** The partitions missing between the newest one's end and the end of {@code headroom} periods after now's. */
  List<Planned> missing(Connection c, int headroom) throws SQLException, CommandException {
    long now = (long) Math.floor(SqlValues.one(c, Double.class, PartitionSql.NOW));
    long end = period.floor(now);
    for (int i = 0; i <= headroom; i++) {
      end = period.next(end);
    }
    long start = parent.edge().orElse(period.floor(now));
    if (period.floor(start) != start) {
      throw new CommandException("the newest partition of " + parent.table() + " ends at " + Period.shown(start)
          + ", which does not start a " + period, "name the period its partitions follow: --every day|week|month");
    }
    List<Planned> out = new ArrayList<>();
    for (long from = start; from < end; from = period.next(from)) {
      out.add(new Planned(new PlanTable(parent.table().schema(), name(parent.table().name(), from)), from, period.next(from)));
    }
    return out;
  }

  /**
   * Makes and attaches {@code planned}; a table of that name left unattached by an interrupted run
   * (marked by a comment until attached) is attached, any other refused.
   */
  void make(Connection c, LockRetry retry, LockRetry.Settings lock, Planned planned, Printer printer)
      throws SQLException, CommandException, InterruptedException {
    create(c, retry, lock, planned);
    String attach = attach(c, planned);
    String unmark = unmark(c, planned);
    retry.run("attach " + planned.table() + " to " + parent.table(), c,
        () -> LockedTransaction.run(c, lock.lockTimeoutSetting(), attach, unmark));
    printer.info("  " + planned.table() + " attached for " + Period.shown(planned.from()) + " .. " + Period.shown(planned.to()));
  }

  /**
   * Makes {@code planned}, periods the overflow partition [edge, MAXVALUE) covers now, and moves the
   * overflow past them: each table made first (no lock on the parent), then one transaction under
   * the lock timeout ({@link PartitionSql#DETACH_NOW}): an ACCESS EXCLUSIVE on the parent for as
   * long as it takes to move the overflow's rows dated in those periods, which are few (rows dated
   * ahead of the periods made), and to check the bound of the rows it keeps.
   */
  void split(Connection c, LockRetry retry, LockRetry.Settings lock, PartitionedTable.Partition overflow,
      List<Planned> planned, Printer printer) throws SQLException, CommandException, InterruptedException {
    for (Planned p : planned) {
      create(c, retry, lock, p);
    }
    long edge = planned.get(planned.size() - 1).to();
    String schema = overflow.table().schema();
    String name = overflow.table().name();
    List<String> statements = new ArrayList<>();
    statements.add(SqlValues.one(c, String.class, PartitionSql.DETACH_NOW, parent.oid(), schema, name));
    for (Planned p : planned) {
      statements.add(attach(c, p));
    }
    try (var ps = c.prepareStatement(String.format(Locale.ROOT, PartitionSql.MOVE_BACK, parent.kind().fromEpoch("?")))) {
      Object[] params = {schema, name, parent.column(), edge, schema, name, parent.column(), edge, parent.oid()};
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (var rs = ps.executeQuery()) {
        rs.next();
        statements.add(rs.getString(1));
        statements.add(rs.getString(2));
      }
    }
    statements.add(SqlValues.one(c, String.class, String.format(Locale.ROOT, PartitionSql.REATTACH_OVERFLOW, parent.kind().fromEpoch("?")),
        parent.oid(), schema, name, edge));
    for (Planned p : planned) {
      statements.add(unmark(c, p));
    }
    long t0 = System.nanoTime();
    retry.run("split " + overflow.table() + " (ACCESS EXCLUSIVE on " + parent.table() + ")", c,
        () -> LockedTransaction.run(c, lock.lockTimeoutSetting(), statements.toArray(String[]::new)));
    printer.info(String.format(Locale.ROOT, "  %s split: %d partition%s attached up to %s, its rows dated before"
        + " moved into them, in %d ms under an ACCESS EXCLUSIVE lock on %s", overflow.table(), planned.size(),
        planned.size() == 1 ? "" : "s", Period.shown(edge), (System.nanoTime() - t0) / 1_000_000, parent.table()));
  }

  /** Makes {@code planned}'s table, marked as premade until attached; one left by an interrupted run is taken, a user's refused. */
  private void create(Connection c, LockRetry retry, LockRetry.Settings lock, Planned planned)
      throws SQLException, CommandException, InterruptedException {
    String mark = mark();
    if (CutoverSchema.relationExists(c, planned.table().key())) {
      // Only a table an interrupted run made (its comment says so) is attached: never a table of the user's.
      if (!mark.equals(SqlValues.one(c, String.class, PartitionSql.COMMENT, planned.table().key()))) {
        throw new CommandException("a table named " + planned.table() + " exists already, not made by \\partition maintain",
            "rename it (or attach it yourself if it holds that period's rows), then run \\partition maintain again");
      }
    } else {
      String create = SqlValues.one(c, String.class, PartitionSql.CREATE_LIKE, planned.table().schema(), planned.table().name(), parent.oid());
      String comment = SqlValues.one(c, String.class, PartitionSql.MARK, planned.table().schema(), planned.table().name(), mark);
      retry.run("create " + planned.table(), c, () -> LockedTransaction.run(c, lock.lockTimeoutSetting(), create, comment));
    }
  }

  private String mark() {
    return "cutover: premade partition of " + parent.qualified();
  }

  private String attach(Connection c, Planned planned) throws SQLException {
    return SqlValues.one(c, String.class, String.format(Locale.ROOT, PartitionSql.ATTACH, parent.kind().fromEpoch("?"), parent.kind().fromEpoch("?")),
        parent.oid(), planned.table().schema(), planned.table().name(), planned.from(), planned.to());
  }

  private String unmark(Connection c, Planned planned) throws SQLException {
    return SqlValues.one(c, String.class, PartitionSql.MARK, planned.table().schema(), planned.table().name(), null);
  }

  /** {@code <table>_p20261201}: the table's name cut to fit PostgreSQL's 63 bytes, never the date. */
  static String name(String table, long from) {
    return Names.fitted(table, Period.suffix(from));
  }
}
