package io.cutover.shell.render;

import java.util.Locale;
import java.util.Optional;

/** {@code \pset format} values. */
public enum OutputFormat {
  ALIGNED, UNALIGNED, CSV, JSON;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named by a unique prefix, as psql accepts {@code \pset format a}. */
  public static Optional<OutputFormat> byPrefix(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    OutputFormat found = null;
    for (OutputFormat f : values()) {
      if (!t.isEmpty() && f.label().startsWith(t)) {
        if (found != null) {
          return Optional.empty();
        }
        found = f;
      }
    }
    return Optional.ofNullable(found);
  }
}
