package io.cutover.shell.connect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the three spellings of a connection: a {@code postgresql://} URI, a
 * {@code jdbc:postgresql://} URL and libpq's {@code keyword=value} string. A bare word is a
 * database name, as psql takes it. The result uses libpq's keyword names.
 */
public final class ConninfoParser {

  /**
   * Where scripts/cutover puts a conninfo that holds a password, out of the command line that
   * every local user can read in {@code ps}; the shell's own child processes do not inherit it.
   */
  public static final String LAUNCHER_VARIABLE = "CUTOVER_CONNINFO";

  private static final String UNENCODED_HINT = " (a \"/\", \"?\", \"@\" or \"%\" in a user name or password"
      + " must be percent-encoded: %2F, %3F, %40, %25)";

  private ConninfoParser() {
  }

  public static Map<String, String> parse(String conninfo) throws InvalidConninfoException {
    String s = conninfo.strip();
    if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
      return parseUri(s.substring(s.indexOf("://") + 3), "URI");
    }
    if (s.startsWith("jdbc:postgresql://")) {
      return fromJdbcNames(parseUri(s.substring("jdbc:postgresql://".length()), "JDBC URL"));
    }
    if (s.contains("=")) {
      return parseKeywords(s);
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dbname", s);
    return m;
  }

  private static Map<String, String> parseUri(String rest, String kind) throws InvalidConninfoException {
    Map<String, String> m = new LinkedHashMap<>();
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String authority = slash >= 0 ? rest.substring(0, slash) : rest;
    if (slash >= 0 && slash + 1 < rest.length()) {
      m.put("dbname", decode(rest.substring(slash + 1), "the database name", kind));
    }
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        m.put("user", decode(userInfo.substring(0, colon), "the user name", kind));
        m.put("password", decode(userInfo.substring(colon + 1), "the password", kind));
      } else if (!userInfo.isEmpty()) {
        m.put("user", decode(userInfo, "the user name", kind));
      }
    }
    if (authority.contains(",")) {
      throw new InvalidConninfoException("invalid " + kind + ": several hosts are not supported; name one host");
    }
    String host = authority;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        throw new InvalidConninfoException("invalid " + kind + ": missing \"]\" in IPv6 host address");
      }
      String after = host.substring(close + 1);
      if (after.startsWith(":")) {
        m.put("port", port(after.substring(1), kind));
      }
      host = host.substring(1, close);
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0) {
        m.put("port", port(host.substring(colon + 1), kind));
        host = host.substring(0, colon);
      }
    }
    if (!host.isEmpty()) {
      m.put("host", decode(host, "the host", kind));
    }
    if (query != null) {
      String[] pairs = query.split("&");
      for (int n = 0; n < pairs.length; n++) {
        String pair = pairs[n];
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          // Not echoed: after a "?" left unencoded in a password, the "pair" is the rest of the password.
          throw new InvalidConninfoException("invalid " + kind + ": query parameter " + (n + 1) + " is not NAME=VALUE"
              + UNENCODED_HINT);
        }
        String key = decode(pair.substring(0, eq), "a query parameter name", kind);
        m.put(key, decode(pair.substring(eq + 1), key.equals("password") ? "the password" : "query parameter " + key, kind));
      }
    }
    return m;
  }

  private static Map<String, String> fromJdbcNames(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(switch (k) {
      case "ApplicationName" -> "application_name";
      case "connectTimeout" -> "connect_timeout";
      default -> k;
    }, v));
    return out;
  }

  private static Map<String, String> parseKeywords(String s) throws InvalidConninfoException {
    Map<String, String> m = new LinkedHashMap<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= s.length()) {
        break;
      }
      int eq = s.indexOf('=', i);
      if (eq < 0) {
        throw new InvalidConninfoException("missing \"=\" after \"" + s.substring(i).split("\\s")[0]
            + "\" in connection info string");
      }
      String key = s.substring(i, eq).strip();
      i = eq + 1;
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < s.length() && s.charAt(i) == '\'') {
        i++;
        boolean closed = false;
        while (i < s.length()) {
          char c = s.charAt(i++);
          if (c == '\\' && i < s.length()) {
            value.append(s.charAt(i++));
          } else if (c == '\'') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          throw new InvalidConninfoException("unterminated quoted string in connection info string");
        }
      } else {
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
          char c = s.charAt(i++);
          if (c == '\\' && i < s.length()) {
            c = s.charAt(i++);
          }
          value.append(c);
        }
      }
      if (key.isEmpty()) {
        throw new InvalidConninfoException("missing keyword before \"=\" in connection info string");
      }
      m.put(key, value.toString());
    }
    return m;
  }

  /**
   * The port of a URI, checked here because its text is not echoed: after a "/" left unencoded
   * in a password, what looks like the port is part of the password.
   */
  private static String port(String text, String kind) throws InvalidConninfoException {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidConninfoException("invalid " + kind + ": the port is not a number" + UNENCODED_HINT);
    }
    return text;
  }

  /**
   * Percent-decodes one part of a URI ({@code +} stays a plus, as libpq reads it). A bad escape
   * names the part, never its text: the part may be the password.
   */
  private static String decode(String s, String part, String kind) throws InvalidConninfoException {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      int c = s.codePointAt(i);
      if (c != '%') {
        bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c) - 1;
        continue;
      }
      int high = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int low = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (high < 0 || low < 0) {
        throw new InvalidConninfoException("invalid " + kind + ": " + part + " has a \"%\" that is not followed by"
            + " two hexadecimal digits; write a literal \"%\" as %25");
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
