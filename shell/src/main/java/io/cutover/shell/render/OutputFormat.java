package io.cutover.shell.render;

import java.util.Locale;

/** {@code \pset format} values: psql's, and json. */
public enum OutputFormat {
  ALIGNED("aligned"), ASCIIDOC("asciidoc"), CSV("csv"), HTML("html"), LATEX("latex"), TROFF_MS("troff-ms"),
  UNALIGNED("unaligned"), WRAPPED("wrapped"), LATEX_LONGTABLE("latex-longtable"), JSON("json");

  private final String label;

  OutputFormat(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Why a name given to {@code \pset format} names no format, in psql's words. */
  public static final class UnknownFormat extends Exception {
    UnknownFormat(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The format a name or an abbreviation names, as psql reads {@code \pset format a}: a prefix of two
   * names is ambiguous, except that latex, a prefix of latex-longtable, is itself.
   */
  public static OutputFormat byAbbreviation(String text) throws UnknownFormat {
    String t = text.toLowerCase(Locale.ROOT);
    OutputFormat found = null;
    for (OutputFormat f : values()) {
      if (f == LATEX_LONGTABLE) {
        break;
      }
      if (f.label.startsWith(t)) {
        if (found != null) {
          throw new UnknownFormat("ambiguous abbreviation \"" + text + "\" matches both \"" + found.label + "\" and \""
              + f.label + "\"");
        }
        found = f;
      }
    }
    if (found != null) {
      return found;
    }
    for (OutputFormat f : new OutputFormat[] {LATEX_LONGTABLE, JSON}) {
      if (f.label.startsWith(t)) {
        return f;
      }
    }
    throw new UnknownFormat(
        "allowed formats are aligned, asciidoc, csv, html, latex, latex-longtable, troff-ms, unaligned, wrapped, json");
  }
}
