package io.cutover.migration.verify;

import io.cutover.migration.SessionLimits;
import io.cutover.migration.lock.WaitStatus;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.Dimension;
import io.cutover.migration.state.RunbookStep;
import io.cutover.migration.state.Steps;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact check: ONE scan of the table that counts, for every dimension at once, the rows with
 * a string and no FK (missing) and the rows whose FK names another value, has no string, points
 * at no lookup row, or at one of another scope (mismatched). Soft-deleted rows count too: the FK
 * constraint checks them. Takes AccessShareLock only.
 */
public final class ExactCheck {

  /** Per dimension: rows with a value, missing and mismatched. */
  public record DimensionCount(Dimension dimension, long withValue, long missing, long mismatched) {
  }

  public record Result(long rows, List<DimensionCount> dimensions) {
    public boolean isClean() {
      return dimensions.stream().allMatch(d -> d.missing() == 0 && d.mismatched() == 0);
    }

    /** What cutover.steps keeps of it, which the read cutover reads per dimension column. */
    ExactCheckState.Recorded recorded() {
      Map<String, ExactCheckState.Counts> counts = new LinkedHashMap<>();
      dimensions.forEach(d -> counts.put(d.dimension().column(), new ExactCheckState.Counts(d.missing(), d.mismatched())));
      return new ExactCheckState.Recorded(rows, counts, null);
    }
  }

  private ExactCheck() {
  }

  static String sql(ActivePlan active) {
    List<String> counts = new ArrayList<>(List.of("count(*)"));
    List<String> joins = new ArrayList<>();
    List<Dimension> dims = active.plan().dimensions();
    for (int i = 0; i < dims.size(); i++) {
      Dimension d = dims.get(i);
      String l = "l" + i;
      String col = "t." + Quoting.identifier(d.column());
      String fk = "t." + Quoting.identifier(d.fk());
      List<String> wrong = new ArrayList<>(List.of(col + " IS NULL", l + ".\"id\" IS NULL",
          l + "." + Quoting.identifier(d.valueColumn()) + " IS DISTINCT FROM " + col));
      for (String s : d.scope()) {
        wrong.add(l + "." + Quoting.identifier(s) + " IS DISTINCT FROM t." + Quoting.identifier(s));
      }
      counts.add("count(*) FILTER (WHERE " + col + " IS NOT NULL)");
      counts.add("count(*) FILTER (WHERE " + col + " IS NOT NULL AND " + fk + " IS NULL)");
      counts.add("count(*) FILTER (WHERE " + fk + " IS NOT NULL AND (" + String.join(" OR ", wrong) + "))");
      joins.add("LEFT JOIN " + active.qualifiedLookup(d) + " " + l + " ON " + l + ".\"id\" = " + fk);
    }
    return "SELECT " + String.join(",\n  ", counts) + "\nFROM " + active.qualifiedTable() + " t\n"
        + String.join("\n", joins);
  }

  /**
   * Runs the check on {@code c} and records its result in cutover.steps ('verify'), for the guards
   * of later steps, unless the connection is read-only. It takes AccessShareLock on the table and
   * the lookups, and a scan has no useful lock timeout: while it waits for one of them (an ACCESS
   * EXCLUSIVE holder), a status line watched from {@code monitor} names the blocking session.
   */
  public static Result run(Connection c, Connection monitor, ActivePlan active, Printer printer) throws SQLException {
    return WaitStatus.around(c, monitor, printer, "exact check of " + active.plan().table(), () -> run(c, active));
  }

  private static Result run(Connection c, ActivePlan active) throws SQLException {
    List<DimensionCount> out = new ArrayList<>();
    long rows;
    try (PreparedStatement ps = c.prepareStatement(sql(active)); ResultSet rs = ps.executeQuery()) {
      rs.next();
      rows = rs.getLong(1);
      int col = 2;
      for (Dimension d : active.plan().dimensions()) {
        out.add(new DimensionCount(d, rs.getLong(col), rs.getLong(col + 1), rs.getLong(col + 2)));
        col += 3;
      }
    }
    Result result = new Result(rows, out);
    // On a standby or read-only session the count is still the answer; only the record for later guards is left out.
    if (!SessionLimits.isReadOnly(c)) {
      Steps.record(c, active.target(), RunbookStep.VERIFY,
          (result.isClean() ? ExactCheckState.Status.CLEAN : ExactCheckState.Status.DIRTY).word(), result.recorded());
    }
    return result;
  }
}
