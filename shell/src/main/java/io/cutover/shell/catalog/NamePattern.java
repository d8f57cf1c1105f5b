package io.cutover.shell.catalog;

import java.util.Optional;

/**
 * psql's object name patterns: {@code schema.name}, {@code *} and {@code ?} as wildcards,
 * unquoted letters folded to lower case, {@code "quoted"} parts taken literally. Each part
 * becomes an anchored regular expression for the {@code ~} operator, bound as a parameter.
 */
public record NamePattern(Optional<String> schemaRegex, Optional<String> nameRegex) {

  public static NamePattern any() {
    return new NamePattern(Optional.empty(), Optional.empty());
  }

  public static NamePattern parse(String pattern) {
    StringBuilder part = new StringBuilder();
    String schema = null;
    boolean quoted = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < pattern.length() && pattern.charAt(i + 1) == '"') {
          part.append("\"");
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (quoted) {
        part.append(escape(c));
      } else if (c == '.' && schema == null) {
        schema = part.toString();
        part.setLength(0);
      } else if (c == '*') {
        part.append(".*");
      } else if (c == '?') {
        part.append('.');
      } else {
        part.append(escape(Character.toLowerCase(c)));
      }
    }
    return new NamePattern(Optional.ofNullable(schema).filter(s -> !s.isEmpty()).map(NamePattern::anchor),
        Optional.of(part.toString()).filter(s -> !s.isEmpty()).map(NamePattern::anchor));
  }

  private static String anchor(String regex) {
    return "^(" + regex + ")$";
  }

  private static String escape(char c) {
    return "\\^$.|[]()+{}".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c);
  }
}
