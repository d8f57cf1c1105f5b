package io.cutover.shell.connect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where to connect, resolved from the command line, the PG* environment, the service file and
 * {@code .pgpass}. The password is never part of {@link #toString()}, {@link #describe()} or
 * {@link #jdbcUrl()}; it travels only in {@link #jdbcProperties()}.
 */
public record ConnectionSettings(String host, int port, String database, String user, String password,
                                 Map<String, String> parameters) {

  public static final int DEFAULT_PORT = 5432;

  public ConnectionSettings {
    parameters = Map.copyOf(parameters);
  }

  public Optional<String> passwordIfAny() {
    return Optional.ofNullable(password);
  }

  public ConnectionSettings withPassword(String newPassword) {
    return new ConnectionSettings(host, port, database, user, newPassword, parameters);
  }

  public ConnectionSettings withDatabase(String newDatabase) {
    return new ConnectionSettings(host, port, newDatabase, user, password, parameters);
  }

  public ConnectionSettings withUser(String newUser) {
    return new ConnectionSettings(host, port, database, newUser, password, parameters);
  }

  public ConnectionSettings withHostPort(String newHost, int newPort) {
    return new ConnectionSettings(newHost, newPort, database, user, password, parameters);
  }

  /** The JDBC URL, with no user or password in it. */
  public String jdbcUrl() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + urlEncode(database);
  }

  /** Driver properties: user, password and the pass-through parameters (sslmode, ...). */
  public Properties jdbcProperties() {
    Properties p = new Properties();
    Map<String, String> all = new LinkedHashMap<>(parameters);
    all.putIfAbsent("ApplicationName", "cutover");
    // Statements typed go as psql sends them, in one simple-protocol Query: the server answers
    // "$1" with its own error (extended protocol breaks the connection on it), and results come as
    // the server's text. Prepared statements keep the extended protocol.
    all.putIfAbsent("preferQueryMode", "extendedForPrepared");
    // psql lets the user SET client_encoding; pgjdbc otherwise closes the connection on it.
    all.putIfAbsent("allowEncodingChanges", "true");
    all.forEach(p::setProperty);
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    return p;
  }

  /** psql's {@code \conninfo} sentence. */
  public String describe() {
    return "You are connected to database \"" + database + "\" as user \"" + user + "\" on host \""
        + host + "\" at port \"" + port + "\".";
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String urlEncode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
