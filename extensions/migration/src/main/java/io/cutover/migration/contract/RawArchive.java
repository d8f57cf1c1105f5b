package io.cutover.migration.contract;

import io.cutover.migration.plan.ActivePlan;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.Progress;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Copies (key, raw column) of every row that has a raw value into an archive table, in keyset
 * batches, then proves the counts equal: nothing of the column is lost when it is dropped.
 */
final class RawArchive {

  private static final int BATCH = 10_000;

  private RawArchive() {
  }

  static void copy(Connection c, ActivePlan active, String raw, String archiveName, Printer printer) throws Exception {
    String archive = Quoting.qualified(active.plan().schema(), archiveName);
    String key = Quoting.identifier(active.plan().key());
    String type = active.keyType();
    String rawType = active.table().column(raw).orElseThrow().type();
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + archive + " (" + key + " " + type + " PRIMARY KEY, "
          + Quoting.identifier(raw) + " " + rawType + " NOT NULL, archived_at timestamptz NOT NULL DEFAULT now())");
    }
    String from = "SELECT t." + key + ", t." + Quoting.identifier(raw) + " FROM " + active.qualifiedTable() + " t WHERE ";
    String rest = "t." + Quoting.identifier(raw) + " IS NOT NULL ORDER BY t." + key + " LIMIT ?), i AS (INSERT INTO "
        + archive + " (" + key + ", " + Quoting.identifier(raw) + ") SELECT * FROM b ON CONFLICT (" + key
        + ") DO NOTHING) SELECT " + active.greatestOf(key) + "::text, count(*) FROM b";
    String firstBatch = "WITH b AS (" + from + rest;
    String nextBatch = "WITH b AS (" + from + "t." + key + " > CAST(? AS " + type + ") AND " + rest;
    String after = null;
    long copied = 0;
    try (Progress progress = printer.progress("archive " + raw, -1)) {
      while (true) {
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
      }
    }
    long source;
    long archived;
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM " + active.qualifiedTable() + " WHERE "
             + Quoting.identifier(raw) + " IS NOT NULL), (SELECT count(*) FROM " + archive + " a JOIN "
             + active.qualifiedTable() + " t USING (" + key + ") WHERE a." + Quoting.identifier(raw) + " = t."
             + Quoting.identifier(raw) + ")")) {
      rs.next();
      source = rs.getLong(1);
      archived = rs.getLong(2);
    }
    if (source != archived) {
      throw new CommandException(String.format("the archive %s holds %,d of the %,d rows with a %s value; nothing was dropped",
          archiveName, archived, source, raw), "run \\drop_raw --archive " + archiveName + " again (it completes the copy)");
    }
    printer.info(String.format("Archived %,d values of %s into %s (counts verified).", source, raw, archiveName));
  }
}
