package io.cutover.shell.spi;

/** What the argument being typed names, so that completion offers names from the catalog or the disk. */
public enum ArgumentKind {
  /** A table (or view, or other relation): completion offers the catalog's names. */
  TABLE,
  /** A file: completion offers the file names of the directory typed. */
  FILE,
  /** Anything else: only the command's own {@link MetaCommand#complete} candidates. */
  OTHER
}
