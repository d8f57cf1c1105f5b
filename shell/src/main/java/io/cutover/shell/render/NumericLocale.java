package io.cutover.shell.render;

/**
 * {@code \pset numericlocale}: digits grouped by three with {@code ,}, as psql does under the C
 * locale (whose empty thousands separator psql replaces by a comma).
 */
final class NumericLocale {

  private NumericLocale() {
  }

  static String format(String number) {
    for (int i = 0; i < number.length(); i++) {
      if ("0123456789+-.eE".indexOf(number.charAt(i)) < 0) {
        return number;
      }
    }
    int start = number.startsWith("-") || number.startsWith("+") ? 1 : 0;
    int end = start;
    while (end < number.length() && Character.isDigit(number.charAt(end))) {
      end++;
    }
    StringBuilder out = new StringBuilder(number.substring(0, start));
    int digits = end - start;
    for (int i = 0; i < digits; i++) {
      if (i > 0 && (digits - i) % 3 == 0) {
        out.append(',');
      }
      out.append(number.charAt(start + i));
    }
    return out.append(number.substring(end)).toString();
  }
}
