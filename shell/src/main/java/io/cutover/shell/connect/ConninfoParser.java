package io.cutover.shell.connect;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the three spellings of a connection: a {@code postgresql://} URI, a
 * {@code jdbc:postgresql://} URL and libpq's {@code keyword=value} string. A bare word is a
 * database name, as psql takes it. The result uses libpq's keyword names.
 */
public final class ConninfoParser {

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
      m.put("dbname", decode(rest.substring(slash + 1)));
    }
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        m.put("user", decode(userInfo.substring(0, colon)));
        m.put("password", decode(userInfo.substring(colon + 1)));
      } else if (!userInfo.isEmpty()) {
        m.put("user", decode(userInfo));
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
        m.put("port", after.substring(1));
      }
      host = host.substring(1, close);
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0) {
        m.put("port", host.substring(colon + 1));
        host = host.substring(0, colon);
      }
    }
    if (!host.isEmpty()) {
      m.put("host", decode(host));
    }
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new InvalidConninfoException("invalid " + kind + " query parameter: \"" + redactPair(pair) + "\"");
        }
        m.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
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

  private static String redactPair(String pair) {
    return pair.toLowerCase(java.util.Locale.ROOT).startsWith("password") ? "password=***" : pair;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
