package io.cutover.migration.lock;

import io.cutover.shell.spi.CommandException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type and read them. Parsing: {@code 500ms}, {@code 2s}, {@code 5min}, {@code 1h}; a bare number is milliseconds, as PostgreSQL reads lock_timeout. */
public final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|min|h)?");

  private Durations() {
  }

  public static Duration parse(String option, String text, String usage) throws CommandException {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new CommandException(option + " expects a duration such as 500ms, 2s or 5min, not \"" + text + "\"",
          "usage: " + usage);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "ms" : m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "min" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofMillis(n);
    };
  }

  /** A duration for people: {@code 45s}, {@code 3m20s}, {@code 2h5m}. */
  public static String describe(long seconds) {
    return seconds >= 3600 ? seconds / 3600 + "h" + (seconds % 3600) / 60 + "m"
        : seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
  }
}
