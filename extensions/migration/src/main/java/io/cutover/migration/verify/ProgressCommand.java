package io.cutover.migration.verify;

import io.cutover.migration.MigrationCommand;
import io.cutover.migration.lock.Durations;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.Dimension;
import io.cutover.migration.backfill.BackfillStatus;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.ResultTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code \progress}: per dimension, rows done and missing, from the backfill's checkpoints and the
 * catalog's estimates (no scan: answers at once on any table size). {@code --exact} scans once
 * and counts missing and mismatched rows for every dimension.
 */
public final class ProgressCommand extends MigrationCommand {

  /** Bind: the table's oid, the plan. */
  private static final String ESTIMATE = """
      SELECT greatest(c.reltuples, 0)::bigint, r.started_at
      FROM pg_catalog.pg_class c LEFT JOIN cutover.backfill_runs r ON r.plan = ?
      WHERE c.oid = ?
      """;
  private static final String NULL_FRACTIONS = """
      SELECT attname, null_frac FROM pg_catalog.pg_stats WHERE schemaname = ? AND tablename = ?
      """;

  public ProgressCommand() {
    super("progress", "\\progress [--exact [--full]]", "backfill progress per dimension (estimated at once; --exact counts"
        + " every row in one scan, comparing only rows written since the last clean check unless --full)");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    Arguments.Parsed args = arguments.parse(Set.of(), Set.of("--exact", "--full"), usage()).atMost(0);
    Connection c = context.connection();
    ActivePlan active = ActivePlan.load(context);
    if (args.has("--exact")) {
      exact(context, active, args.has("--full"));
    } else {
      estimate(context, c, active);
    }
  }

  private static void exact(CommandContext context, ActivePlan active, boolean full) throws Exception {
    long start = System.nanoTime();
    ExactCheck.Result r;
    try (Connection c = context.pool().getConnection(); Connection monitor = context.pool().getConnection()) {
      r = ExactCheck.run(c, monitor, active, context.printer(), full);
    }
    List<List<String>> rows = new ArrayList<>();
    for (ExactCheck.DimensionCount d : r.dimensions()) {
      long done = d.withValue() - d.missing();
      rows.add(List.of(d.dimension().column(), d.dimension().fk(), fmt(d.withValue()), fmt(d.missing()), fmt(d.mismatched()),
          percent(done, d.withValue())));
    }
    context.printer().table(new ResultTable(String.format(Locale.ROOT, "Exact check of %s: %,d rows in %.1f s%s",
        active.plan().table(), r.rows(), (System.nanoTime() - start) / 1e9,
        r.incremental() ? ", comparing those written since the last clean check" : ""),
        List.of(ResultTable.Column.text("dimension"), ResultTable.Column.text("fk"), ResultTable.Column.number("with value"),
            ResultTable.Column.number("missing"), ResultTable.Column.number("mismatched"), ResultTable.Column.number("done")),
        rows, null));
    context.printer().info(r.isClean() ? "Every row and dimension is filled and matches. Next: \\validate_fks."
        : "Not done: \\backfill fills what is missing (\\backfill --again after a finished run); mismatches mean"
            + " FKs were written by something that does not follow the value rule.");
  }

  private static void estimate(CommandContext context, Connection c, ActivePlan active) throws SQLException {
    var backfill = BackfillStatus.read(c, active.target());
    if (backfill.isEmpty()) {
      context.printer().info("No backfill of " + active.plan().table() + " has run yet. \\backfill starts it (after"
          + " \\dualwrite on).");
      return;
    }
    long total;
    long done = backfill.get().done();
    String state = backfill.get().state().word();
    OffsetDateTime started;
    OffsetDateTime updated = backfill.get().since();
    try (PreparedStatement ps = c.prepareStatement(ESTIMATE)) {
      ps.setString(1, active.target().key());
      ps.setLong(2, active.table().oid());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        total = rs.getLong(1);
        started = rs.getObject(2, OffsetDateTime.class);
      }
    }
    Map<String, Double> nullFraction = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(NULL_FRACTIONS)) {
      ps.setString(1, active.plan().schema());
      ps.setString(2, active.plan().table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          nullFraction.put(rs.getString(1), rs.getDouble(2));
        }
      }
    }
    boolean finished = backfill.get().isFinished();
    long remaining = finished ? 0 : Math.max(0, total - done);
    double seconds = started == null || updated == null ? 0 : Math.max(1, Duration.between(started, updated).toSeconds());
    double rate = seconds > 0 ? done / seconds : 0;
    List<List<String>> rows = new ArrayList<>();
    for (Dimension d : active.plan().dimensions()) {
      double withValue = 1 - nullFraction.getOrDefault(d.column(), 0.0);
      long missing = Math.round(remaining * withValue);
      long filled = Math.round((total - remaining) * withValue);
      rows.add(List.of(d.column(), d.fk(), "~" + fmt(filled), "~" + fmt(missing), percent(filled, filled + missing),
          rate > 0 ? fmt(Math.round(rate)) + "/s" : "", rate > 0 && missing > 0 ? Durations.describe((long) (remaining / rate)) : ""));
    }
    ExactCheckState.read(c, active.target()).ifPresent(v -> context.printer().info("Last exact check (" + v.at() + "): "
        + v.status().word()));
    context.printer().table(new ResultTable("Backfill of " + active.plan().table() + " (" + state + "), estimated",
        List.of(ResultTable.Column.text("dimension"), ResultTable.Column.text("fk"), ResultTable.Column.number("done"),
            ResultTable.Column.number("missing"), ResultTable.Column.number("%"), ResultTable.Column.number("rate"),
            ResultTable.Column.text("ETA")), rows, null));
  }

  private static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String percent(long part, long whole) {
    return whole == 0 ? "100%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
