package io.cutover.shell.render;

import org.jline.utils.WCWidth;

/** How many terminal columns text takes: wide characters count two, combining marks none. */
final class DisplayWidth {

  private DisplayWidth() {
  }

  static int of(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      w += Math.max(0, WCWidth.wcwidth(cp));
      i += Character.charCount(cp);
    }
    return w;
  }

  static String pad(String s, int width) {
    int missing = width - of(s);
    return missing <= 0 ? s : s + " ".repeat(missing);
  }

  static String padLeft(String s, int width) {
    int missing = width - of(s);
    return missing <= 0 ? s : " ".repeat(missing) + s;
  }
}
