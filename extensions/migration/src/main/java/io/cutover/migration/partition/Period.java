package io.cutover.migration.partition;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The span of one partition. Bounds are midnights in UTC, whatever the session's time zone
 * (pg_partman's bounds drifted with it), and are held as epoch seconds: every time column kind
 * ({@link TimeKind}) converts them exactly.
 */
enum Period {
  DAY("day", 28),
  /** ISO weeks, Monday to Monday. */
  WEEK("week", 4),
  MONTH("month", 6);

  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("'_p'yyyyMMdd", Locale.ROOT);
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

  private final String word;
  /**
   * Periods kept ready ahead of the current one: half a year of months, as pg_partman's premake
   * of 4 plus margin for a maintenance job that stops unnoticed for a season; four weeks and 28
   * days give a monthly job the same margin.
   */
  private final int headroom;

  Period(String word, int headroom) {
    this.word = word;
    this.headroom = headroom;
  }

  String word() {
    return word;
  }

  int defaultHeadroom() {
    return headroom;
  }

  static Optional<Period> of(String word) {
    return Arrays.stream(values()).filter(p -> p.word.equalsIgnoreCase(word)).findFirst();
  }

  /** The start of the period holding {@code epochSecond}. */
  long floor(long epochSecond) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC).toLocalDate().atStartOfDay();
    LocalDateTime start = switch (this) {
      case DAY -> t;
      case WEEK -> t.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> t.withDayOfMonth(1);
    };
    return start.toEpochSecond(ZoneOffset.UTC);
  }

  /** The start of the period after the one starting at {@code start}. */
  long next(long start) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(start, 0, ZoneOffset.UTC);
    LocalDateTime after = switch (this) {
      case DAY -> t.plusDays(1);
      case WEEK -> t.plusWeeks(1);
      case MONTH -> t.plusMonths(1);
    };
    return after.toEpochSecond(ZoneOffset.UTC);
  }

  /** Whether [{@code from}, {@code to}) is exactly one of these periods. */
  boolean spans(long from, long to) {
    return floor(from) == from && next(from) == to;
  }

  /** The period of a partition [{@code from}, {@code to}), if it is exactly one. */
  static Optional<Period> ofSpan(long from, long to) {
    return Arrays.stream(values()).filter(p -> p.spans(from, to)).findFirst();
  }

  /** The suffix of a partition's name: {@code _p20261201} for the period starting 1 December 2026. */
  static String suffix(long start) {
    return LocalDateTime.ofEpochSecond(start, 0, ZoneOffset.UTC).format(SUFFIX);
  }

  /** A bound as people read it: {@code 2026-12-01}. */
  static String shown(long epochSecond) {
    return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC).format(SHOWN);
  }

  @Override
  public String toString() {
    return word;
  }
}
