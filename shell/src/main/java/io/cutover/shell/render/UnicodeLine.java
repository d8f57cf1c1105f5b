package io.cutover.shell.render;

import java.util.Locale;

/** {@code \pset unicode_border_linestyle}, {@code unicode_column_linestyle}, {@code unicode_header_linestyle}. */
public enum UnicodeLine {
  SINGLE, DOUBLE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
