package io.cutover.shell.run;

import java.util.Set;

/**
 * The backslash commands psql 15 knows, whether cutover runs them or not: in a branch of
 * {@code \if} not taken psql skips a command it knows and reports one it does not.
 */
final class PsqlCommandNames {

  private static final Set<String> NAMES = Set.of("!", "?", "a", "C", "c", "connect", "cd", "conninfo", "copy",
      "copyright", "crosstabview", "e", "edit", "echo", "ef", "ev", "elif", "else", "endif", "encoding", "errverbose",
      "f", "g", "gdesc", "getenv", "gexec", "gset", "gx", "h", "help", "H", "html", "i", "include", "if", "ir",
      "include_relative", "l", "list", "l+", "list+", "o", "out", "p", "print", "password", "prompt", "pset", "q",
      "quit", "qecho", "r", "reset", "restrict", "s", "set", "setenv", "sf", "sf+", "sv", "sv+", "t", "T", "timing",
      "unrestrict", "unset", "w", "write", "warn", "watch", "x", "z");

  private PsqlCommandNames() {
  }

  /** Whether psql knows {@code name}: one of its commands, any {@code \d...} or {@code \lo_...}. */
  static boolean isKnown(String name) {
    return NAMES.contains(name) || name.startsWith("d") || name.startsWith("lo_");
  }
}
