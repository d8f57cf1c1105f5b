package io.cutover.migration.migrate;

import java.util.Arrays;

/** A Flyway version: numbers separated by dots or underscores ({@code 2}, {@code 2.1}, {@code 2_1}), compared numerically. */
public record MigrationVersion(long[] parts, String text) implements Comparable<MigrationVersion> {

  public static MigrationVersion parse(String text) {
    String[] pieces = text.split("[._]");
    long[] parts = new long[pieces.length];
    for (int i = 0; i < pieces.length; i++) {
      parts[i] = Long.parseLong(pieces[i]);
    }
    return new MigrationVersion(parts, text.replace('_', '.'));
  }

  public long major() {
    return parts[0];
  }

  @Override
  public int compareTo(MigrationVersion o) {
    for (int i = 0; i < Math.max(parts.length, o.parts.length); i++) {
      long a = i < parts.length ? parts[i] : 0;
      long b = i < o.parts.length ? o.parts[i] : 0;
      if (a != b) {
        return Long.compare(a, b);
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MigrationVersion v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    long[] trimmed = parts;
    int n = trimmed.length;
    while (n > 1 && trimmed[n - 1] == 0) {
      n--;
    }
    return Arrays.hashCode(Arrays.copyOf(trimmed, n));
  }

  @Override
  public String toString() {
    return text;
  }
}
