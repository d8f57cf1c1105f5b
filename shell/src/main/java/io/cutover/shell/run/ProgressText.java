package io.cutover.shell.run;

/** The text of a progress bar: {@code label [#####-----]  52% 520/1000 detail}. */
public final class ProgressText {

  private ProgressText() {
  }

  public static String line(String label, long done, long total, String detail, int barWidth) {
    StringBuilder s = new StringBuilder(label).append(' ');
    if (total > 0) {
      double fraction = Math.min(1.0, (double) done / total);
      int filled = (int) Math.round(fraction * barWidth);
      s.append('[').append("#".repeat(filled)).append("-".repeat(barWidth - filled)).append("] ");
      s.append(String.format(java.util.Locale.ROOT, "%3d%% %,d/%,d", (int) Math.floor(fraction * 100), done, total));
    } else {
      s.append(String.format(java.util.Locale.ROOT, "%,d", done));
    }
    if (detail != null && !detail.isEmpty()) {
      s.append("  ").append(detail);
    }
    return s.toString();
  }
}
