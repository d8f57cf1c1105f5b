package io.cutover.migration.pacing;

import io.cutover.migration.lock.Durations;
import java.util.Locale;

/** A reading over its budget: what it does to the copy, and the words a status line shows for it. */
public record Throttle(Reading reading, double budget) {

  public Signal.Action action() {
    return reading.signal().action();
  }

  /** E.g. {@code standby "replica1" replay lag 14.2 s > 10 s}; texts scripts may match: keep them stable. */
  public String describe() {
    String subject = reading.subject();
    double v = reading.value().orElse(Double.NaN);
    return switch (reading.signal()) {
      case STANDBY_REPLAY_LAG -> "standby " + quoted(subject) + " replay lag " + seconds(v) + " > " + seconds(budget);
      case STANDBY_REPLAY_BYTES -> reading.value().isEmpty()
          ? "standby " + quoted(subject) + " is attached but its replay lag cannot be read (waiting, as for a lag"
              + " over budget: grant pg_monitor to this role to read it)"
          : "standby " + quoted(subject) + " replay lag " + megabytes(v) + " > " + megabytes(budget);
      case ARCHIVE_FAILING -> "WAL archiving fails (archive_command failed on " + (subject.isEmpty() ? "a segment" : subject)
          + ")";
      case ARCHIVE_BACKLOG -> String.format(Locale.ROOT, "WAL archive backlog %,.0f segments > %,.0f", v, budget);
      case AUTOVACUUM -> subject + " running on the table" + (Double.isNaN(v) ? ""
          : String.format(Locale.ROOT, ", %.0f%% scanned", v));
      case OLDEST_TRANSACTION -> "oldest transaction " + Durations.describe((long) v) + " old > "
          + Durations.describe((long) budget) + " (" + subject + ")";
      case COMMIT_LATENCY -> String.format(Locale.ROOT, "commits take %.0f ms > %.0f ms", v, budget);
    };
  }

  private static String quoted(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String seconds(double ms) {
    return ms % 1000 == 0 ? String.format(Locale.ROOT, "%.0f s", ms / 1000) : String.format(Locale.ROOT, "%.1f s", ms / 1000);
  }

  private static String megabytes(double bytes) {
    double mb = bytes / (1 << 20);
    return String.format(Locale.ROOT, mb % 1 == 0 ? "%,.0f MB" : "%,.1f MB", mb);
  }
}
