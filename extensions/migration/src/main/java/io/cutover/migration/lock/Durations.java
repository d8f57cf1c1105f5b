package io.cutover.migration.lock;

import io.cutover.shell.spi.CommandException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type and read them. Parsing: {@code 500ms}, {@code 2s}, {@code 5min}, {@code 1h}; a bare number is milliseconds, as PostgreSQL reads lock_timeout. */
public final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|min|h)?");

  /**
   * The longest duration an option takes: PostgreSQL's limit for lock_timeout and
   * statement_timeout (an int of milliseconds, about 24.8 days), which every duration option
   * either becomes or is compared with.
   */
  public static final Duration MAX = Duration.ofMillis(Integer.MAX_VALUE);

  private Durations() {
  }

  /** Parses {@code text}; refuses what is not a duration or is longer than {@link #MAX}, naming {@code option}. */
  public static Duration parse(String option, String text, String usage) throws CommandException {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new CommandException(option + " expects a duration such as 500ms, 2s or 5min, not \"" + text + "\"",
          "usage: " + usage);
    }
    // Digits of any length: a BigInteger, so an absurd value is a range error, not an overflow.
    BigInteger millis = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(switch (m.group(2) == null ? "ms" : m.group(2)) {
      case "s" -> 1_000L;
      case "min" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> 1L;
    }));
    if (millis.compareTo(BigInteger.valueOf(MAX.toMillis())) > 0) {
      throw new CommandException(option + " " + text.trim() + " is out of range: the largest accepted is "
          + MAX.toMillis() + "ms (" + MAX.toHours() + "h, PostgreSQL's limit for lock_timeout)",
          "give a shorter duration, e.g. " + option + " 2s");
    }
    return Duration.ofMillis(millis.longValueExact());
  }

  /** A duration for people: {@code 45s}, {@code 3m20s}, {@code 2h5m}. */
  public static String describe(long seconds) {
    return seconds >= 3600 ? seconds / 3600 + "h" + (seconds % 3600) / 60 + "m"
        : seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
  }
}
