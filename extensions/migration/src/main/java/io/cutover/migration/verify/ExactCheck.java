package io.cutover.migration.verify;

import io.cutover.migration.SessionLimits;
import io.cutover.migration.lock.WaitStatus;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.Dimension;
import io.cutover.migration.state.CutoverSchema;
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
import java.util.Optional;

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

  /**
   * @param horizon the check's snapshot horizon (xid8): transactions from it on may have written rows it did not see
   * @param lookups per dimension column, its lookup as the check saw it
   * @param incremental whether only rows written since the last clean check were compared
   */
  public record Result(long rows, List<DimensionCount> dimensions, long horizon, Map<String, ExactCheckState.LookupMark> lookups,
                       boolean incremental) {
    public boolean isClean() {
      return dimensions.stream().allMatch(d -> d.missing() == 0 && d.mismatched() == 0);
    }

    /** What cutover.steps keeps of it, which the read cutover reads per dimension column. */
    ExactCheckState.Recorded recorded() {
      Map<String, ExactCheckState.Counts> counts = new LinkedHashMap<>();
      dimensions.forEach(d -> counts.put(d.dimension().column(), new ExactCheckState.Counts(d.missing(), d.mismatched())));
      return new ExactCheckState.Recorded(rows, counts, null, horizon, lookups);
    }
  }

  /**
   * Transactions since the last clean check beyond which a re-check compares every row again: far
   * below the 2^31 where a row's 32-bit xmin would wrap around and look old.
   */
  private static final long MAX_SPAN = 1_000_000_000L;

  private static final String LAST_CLEAN = """
      SELECT detail::text, pg_snapshot_xmax(pg_current_snapshot())::text::bigint FROM cutover.steps
      WHERE plan = ? AND step = 'verify' AND status = 'clean'
      """;

  private ExactCheck() {
  }

  /**
   * The check's one statement. In full, every row is compared. Since a clean check with its
   * {@code horizon} ({@code since} present), a row is compared only when written from that horizon
   * on ({@code age(xmin)} at most the horizon's, both read in this transaction): the others were
   * clean then and unchanged since; its lookup is probed only for those (an EXISTS behind the
   * recency test in the same AND), so that it costs about one scan (by design; not yet measured). Every lookup row the last check saw must be there unchanged (counted up to
   * its max id, none of them written since), else the caller checks in full. Also returns the
   * snapshot's horizon and each lookup's mark, in the same snapshot. Params (incremental): the
   * horizon as xid, then each dimension's recorded max id twice.
   */
  static String sql(ActivePlan active, boolean incremental) {
    String recent = "age(t.xmin) <= h.span";
    List<String> counts = new ArrayList<>(List.of("count(*)"));
    List<String> joins = new ArrayList<>();
    List<String> marks = new ArrayList<>();
    List<Dimension> dims = active.plan().dimensions();
    for (int i = 0; i < dims.size(); i++) {
      Dimension d = dims.get(i);
      String l = "l" + i;
      String col = "t." + Quoting.identifier(d.column());
      String fk = "t." + Quoting.identifier(d.fk());
      String lookup = active.qualifiedLookup(d);
      counts.add("count(*) FILTER (WHERE " + col + " IS NOT NULL)");
      if (incremental) {
        // AND evaluates left to right and stops at false: the lookup is probed for recent rows only.
        List<String> same = new ArrayList<>(List.of("x.\"id\" = " + fk, "x." + Quoting.identifier(d.valueColumn()) + " = " + col));
        for (String s : d.scope()) {
          same.add("x." + Quoting.identifier(s) + " IS NOT DISTINCT FROM t." + Quoting.identifier(s));
        }
        counts.add("count(*) FILTER (WHERE " + recent + " AND " + col + " IS NOT NULL AND " + fk + " IS NULL)");
        counts.add("count(*) FILTER (WHERE " + recent + " AND " + fk + " IS NOT NULL AND (" + col + " IS NULL OR NOT EXISTS"
            + " (SELECT FROM " + lookup + " x WHERE " + String.join(" AND ", same) + ")))");
      } else {
        List<String> wrong = new ArrayList<>(List.of(col + " IS NULL", l + ".\"id\" IS NULL",
            l + "." + Quoting.identifier(d.valueColumn()) + " IS DISTINCT FROM " + col));
        for (String s : d.scope()) {
          wrong.add(l + "." + Quoting.identifier(s) + " IS DISTINCT FROM t." + Quoting.identifier(s));
        }
        counts.add("count(*) FILTER (WHERE " + col + " IS NOT NULL AND " + fk + " IS NULL)");
        counts.add("count(*) FILTER (WHERE " + fk + " IS NOT NULL AND (" + String.join(" OR ", wrong) + "))");
        joins.add("LEFT JOIN " + lookup + " " + l + " ON " + l + ".\"id\" = " + fk);
      }
      marks.add("(SELECT coalesce(max(\"id\"), 0) FROM " + lookup + ")");
      marks.add("(SELECT count(*) FROM " + lookup + ")");
      if (incremental) {
        marks.add("(SELECT count(*) FROM " + lookup + " x WHERE x.\"id\" <= ?)");
        marks.add("(SELECT count(*) FROM " + lookup + " x WHERE x.\"id\" <= ? AND age(x.xmin) <= (SELECT span FROM h))");
      }
    }
    String head = incremental ? "WITH h AS MATERIALIZED (SELECT age(CAST(? AS xid)) AS span)\n" : "";
    return head + "SELECT " + String.join(",\n  ", counts) + ",\n  pg_snapshot_xmin(pg_current_snapshot())::text::bigint,\n  "
        + String.join(",\n  ", marks) + "\nFROM " + active.qualifiedTable() + " t\n"
        + (incremental ? "CROSS JOIN h\n" : "") + String.join("\n", joins);
  }

  /**
   * Runs the check on {@code c} and records its result in cutover.steps ('verify'), for the guards
   * of later steps, unless the connection is read-only. It takes AccessShareLock on the table and
   * the lookups, and a scan has no useful lock timeout: while it waits for one of them (an ACCESS
   * EXCLUSIVE holder), a status line watched from {@code monitor} names the blocking session.
   */
  public static Result run(Connection c, Connection monitor, ActivePlan active, Printer printer, boolean full)
      throws SQLException {
    return WaitStatus.around(c, monitor, printer, "exact check of " + active.plan().table(), () -> run(c, active, full));
  }

  private static Result run(Connection c, ActivePlan active, boolean full) throws SQLException {
    Optional<ExactCheckState.Recorded> since = full ? Optional.empty() : lastClean(c, active);
    Optional<Result> result = since.isPresent() ? check(c, active, since) : Optional.empty();
    if (result.isEmpty()) {
      result = check(c, active, Optional.empty());
    }
    // On a standby or read-only session the count is still the answer; only the record for later guards is left out.
    if (!SessionLimits.isReadOnly(c)) {
      Steps.record(c, active.target(), RunbookStep.VERIFY,
          (result.get().isClean() ? ExactCheckState.Status.CLEAN : ExactCheckState.Status.DIRTY).word(),
          result.get().recorded());
    }
    return result.get();
  }

  /**
   * The last clean check, when a re-check may compare only what was written since it: it recorded
   * its horizon and every dimension's lookup, and fewer than {@link #MAX_SPAN} transactions ran since.
   */
  private static Optional<ExactCheckState.Recorded> lastClean(Connection c, ActivePlan active) throws SQLException {
    if (!CutoverSchema.exists(c)) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(LAST_CLEAN)) {
      ps.setString(1, active.target().key());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        ExactCheckState.Recorded last = Steps.MAPPER_READER.readValue(rs.getString(1), ExactCheckState.Recorded.class);
        boolean complete = last.horizon() != null && last.lookups() != null
            && active.plan().dimensions().stream().allMatch(d -> last.lookups().containsKey(d.column()));
        return complete && rs.getLong(2) - last.horizon() < MAX_SPAN ? Optional.of(last) : Optional.empty();
      } catch (java.io.IOException e) {
        return Optional.empty(); // a record this release cannot read: check in full
      }
    }
  }

  /** One check, full or since {@code since}; empty when a lookup changed under the last check's rows. */
  private static Optional<Result> check(Connection c, ActivePlan active, Optional<ExactCheckState.Recorded> since)
      throws SQLException {
    List<Dimension> dims = active.plan().dimensions();
    try (PreparedStatement ps = c.prepareStatement(sql(active, since.isPresent()))) {
      if (since.isPresent()) {
        int p = 1;
        ps.setString(p++, Long.toString(since.get().horizon() & 0xFFFF_FFFFL));
        for (Dimension d : dims) {
          ps.setLong(p++, since.get().lookups().get(d.column()).maxId());
          ps.setLong(p++, since.get().lookups().get(d.column()).maxId());
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        List<DimensionCount> out = new ArrayList<>();
        int col = 2;
        for (Dimension d : dims) {
          out.add(new DimensionCount(d, rs.getLong(col), rs.getLong(col + 1), rs.getLong(col + 2)));
          col += 3;
        }
        long horizon = rs.getLong(col++);
        Map<String, ExactCheckState.LookupMark> marks = new LinkedHashMap<>();
        for (Dimension d : dims) {
          marks.put(d.column(), new ExactCheckState.LookupMark(rs.getLong(col), rs.getLong(col + 1)));
          col += 2;
          if (since.isPresent()) {
            ExactCheckState.LookupMark was = since.get().lookups().get(d.column());
            // A lookup row deleted or rewritten since: rows unchanged since may now name another value.
            if (rs.getLong(col) != was.rows() || rs.getLong(col + 1) != 0) {
              return Optional.empty();
            }
            col += 2;
          }
        }
        return Optional.of(new Result(rs.getLong(1), out, horizon, marks, since.isPresent()));
      }
    }
  }
}
