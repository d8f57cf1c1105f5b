package io.cutover.rewrite.compare;

/**
 * How many times {@code \compare} runs each side: {@code --runs N} exactly, or by default at least
 * 5 and, for a fast query, until each side has run {@link #DEFAULT}'s 250 ms in all (at most 101
 * runs). Medians of 5 runs of a query under a millisecond moved by 0.4 between two runs of the
 * same bench; the time floor makes them comparable.
 */
public record Repetitions(int minimum, int maximum, double millisPerSide) {

  public static final Repetitions DEFAULT = new Repetitions(5, 101, 250);

  public static Repetitions exactly(int runs) {
    return new Repetitions(runs, runs, 0);
  }

  /** Whether {@code done} runs, taking these totals, are enough. */
  boolean enough(int done, double originalMs, double rewrittenMs) {
    return done >= maximum || done >= minimum && originalMs >= millisPerSide && rewrittenMs >= millisPerSide;
  }
}
