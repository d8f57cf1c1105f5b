package io.cutover.migration.partition;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of time column a table can be partitioned by, and how each converts to and from the
 * epoch seconds {@link Period} computes in. Epoch numbers are UTC by definition; a
 * {@code timestamp} (without zone) is read as UTC wall time, as {@code extract(epoch ...)} does.
 */
enum TimeKind {
  TIMESTAMPTZ("extract(epoch FROM CAST(%s AS timestamptz))", "to_timestamp(CAST(%s AS float8))"),
  TIMESTAMP("extract(epoch FROM CAST(%s AS timestamp))",
      "(to_timestamp(CAST(%s AS float8)) AT TIME ZONE 'UTC')"),
  DATE("extract(epoch FROM CAST(%s AS date))", "CAST(to_timestamp(CAST(%s AS float8)) AT TIME ZONE 'UTC' AS date)"),
  /** Epoch seconds in an integer column. */
  EPOCH_INTEGER("CAST(%s AS numeric)", "CAST(%s AS bigint)"),
  /** Epoch seconds in a float8 (Hackatime's {@code time}) or numeric column. */
  EPOCH_NUMBER("CAST(%s AS numeric)", "CAST(%s AS numeric)");

  private final String toEpoch;
  private final String fromEpoch;

  TimeKind(String toEpoch, String fromEpoch) {
    this.toEpoch = toEpoch;
    this.fromEpoch = fromEpoch;
  }

  /** The kind of a column of type {@code formatType} (as {@code format_type} writes it), if it is one. */
  static Optional<TimeKind> of(String formatType) {
    String t = formatType.replaceFirst("\\(\\d+\\)", "");
    return Optional.ofNullable(switch (t) {
      case "timestamp with time zone" -> TIMESTAMPTZ;
      case "timestamp without time zone" -> TIMESTAMP;
      case "date" -> DATE;
      case "smallint", "integer", "bigint" -> EPOCH_INTEGER;
      case "double precision", "real", "numeric" -> EPOCH_NUMBER;
      default -> null;
    });
  }

  /** SQL of the epoch seconds of {@code valueSql}, an expression of text or of the column's type. */
  String toEpoch(String valueSql) {
    return String.format(Locale.ROOT, toEpoch, valueSql);
  }

  /** SQL of the column's value at the epoch seconds {@code epochSql} (a bound parameter). */
  String fromEpoch(String epochSql) {
    return String.format(Locale.ROOT, fromEpoch, epochSql);
  }
}
