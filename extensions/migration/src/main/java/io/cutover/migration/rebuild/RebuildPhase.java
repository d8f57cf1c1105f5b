package io.cutover.migration.rebuild;

import java.util.Arrays;

/** Where a rebuild stands; its word is what {@code cutover.steps} stores and {@code \rebuild status} shows. */
enum RebuildPhase {
  /** The copy and its change log exist; the triggers that log changes are not on yet. */
  PREPARED("prepared"),
  COPYING("copying"),
  /** Copied and indexed: replaying the logged changes until the swap. */
  CATCHING_UP("catching-up"),
  /** The table is the copy; its FKs are still to validate. */
  SWAPPED("swapped"),
  DONE("done"),
  ABORTED("aborted");

  private final String word;

  RebuildPhase(String word) {
    this.word = word;
  }

  String word() {
    return word;
  }

  static RebuildPhase of(String word) {
    return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown rebuild phase " + word));
  }

  /** Begun and not ended: its copy or change log may exist. */
  boolean isUnderway() {
    return this == PREPARED || this == COPYING || this == CATCHING_UP;
  }

  boolean hasSwapped() {
    return this == SWAPPED || this == DONE;
  }

  @Override
  public String toString() {
    return word;
  }
}
