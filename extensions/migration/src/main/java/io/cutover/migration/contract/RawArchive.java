package io.cutover.migration.contract;

import io.cutover.migration.pacing.Pacer;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.shell.spi.Cancellation;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.Progress;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * Copies (key, raw column) of every row that has a raw value into an archive table, in keyset
 * batches, then proves the counts equal: nothing of the column is lost when it is dropped.
 */
final class RawArchive {

  private static final int BATCH = 10_000;

  private RawArchive() {
  }

  static void copy(Connection c, ActivePlan active, String raw, String archiveName, Printer printer, Pacer pacer,
      Cancellation cancellation) throws Exception {
    String archive = Quoting.qualified(active.plan().schema(), archiveName);
    String key = Quoting.identifier(active.plan().key());
    String type = active.keyType();
    String rawType = active.table().column(raw).orElseThrow().type();
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + archive + " (" + key + " " + type + " PRIMARY KEY, "
          + Quoting.identifier(raw) + " " + rawType + " NOT NULL, archived_at timestamptz NOT NULL DEFAULT now())");
    }
    String from = "SELECT t." + key + ", t." + Quoting.identifier(raw) + " FROM " + active.qualifiedTable() + " t WHERE ";
    // A value changed since an earlier run is archived again; compared as text, which json has too.
    String r = Quoting.identifier(raw);
    String rest = "t." + r + " IS NOT NULL ORDER BY t." + key + " LIMIT ?), i AS (INSERT INTO "
        + archive + " AS a (" + key + ", " + r + ") SELECT * FROM b ON CONFLICT (" + key
        + ") DO UPDATE SET " + r + " = excluded." + r + ", archived_at = now() WHERE a." + r + "::text <> excluded."
        + r + "::text) SELECT " + active.greatestOf(key) + "::text, count(*) FROM b";
    String firstBatch = "WITH b AS (" + from + rest;
    String nextBatch = "WITH b AS (" + from + "t." + key + " > CAST(? AS " + type + ") AND " + rest;
    String after = null;
    long copied = 0;
    try (Progress progress = printer.progress("archive " + raw, -1)) {
      while (true) {
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(after == null ? firstBatch : nextBatch)) {
          int i = 1;
          if (after != null) {
            ps.setString(i++, after);
          }
          ps.setInt(i, BATCH);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(2) == 0) {
              break;
            }
            after = rs.getString(1);
            copied += rs.getLong(2);
          }
        }
        progress.update(copied, "rows copied");
        long done = copied;
        if (!pacer.between(c, (System.nanoTime() - t0) / 1_000_000, () -> {
          String why = pacer.status();
          progress.update(done, why.isEmpty() ? "rows copied" : "rows copied  (" + why + ")");
          return cancellation.isCancelled();
        })) {
          throw new CommandException(String.format(Locale.ROOT, "the archive was cancelled after %,d rows; nothing was"
              + " dropped", copied), "run \\drop_raw --archive " + archiveName + " again: rows archived already are only read");
        }
      }
    }
    String pacing = pacer.summary().describe();
    if (!pacing.isEmpty()) {
      printer.info("Health: " + pacing + ".");
    }
    long source;
    long differ;
    String keys;
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE a." + key + " IS NULL OR a." + r
             + "::text <> t." + r + "::text), array_to_string((array_agg(t." + key + "::text ORDER BY t." + key
             + ") FILTER (WHERE a." + key + " IS NULL OR a." + r + "::text <> t." + r + "::text))[1:5], ', ')"
             + " FROM " + active.qualifiedTable() + " t LEFT JOIN " + archive + " a USING (" + key + ") WHERE t." + r
             + " IS NOT NULL")) {
      rs.next();
      source = rs.getLong(1);
      differ = rs.getLong(2);
      keys = rs.getString(3);
    }
    if (differ > 0) {
      // Written while the archive was being made: the application still writes the column.
      throw new CommandException(String.format(Locale.ROOT, "%,d of the %,d rows with a %s value are not in the archive %s as they are"
              + " now (keys %s%s): they changed while it was copied; nothing was dropped", differ, source, raw, archiveName,
          keys, differ > 5 ? ", ..." : ""), "check that the application no longer writes " + raw
          + " (\\drop_raw stop-writes), then run \\drop_raw --archive " + archiveName + " again: it archives them anew");
    }
    printer.info(String.format(Locale.ROOT, "Archived %,d values of %s into %s (counts verified).", source, raw, archiveName));
  }
}
