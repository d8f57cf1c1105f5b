package io.cutover.shell.connect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides where to connect, as libpq does: the conninfo first, then the service it names (or
 * PGSERVICE), then the PG* variables, then defaults; the password from the conninfo, then
 * PGPASSWORD, then the password file. With no conninfo and no PG* variable naming a server,
 * the embedded PostgreSQL is the target.
 */
public final class ConnectionResolver {

  /** Variables that name a server; any of them set means the user wants that server, not the embedded one. */
  private static final Set<String> SERVER_VARIABLES =
      Set.of("PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE");

  private static final Map<String, String> ENVIRONMENT_KEYWORDS = Map.ofEntries(
      Map.entry("PGHOST", "host"), Map.entry("PGHOSTADDR", "hostaddr"), Map.entry("PGPORT", "port"),
      Map.entry("PGDATABASE", "dbname"), Map.entry("PGUSER", "user"), Map.entry("PGPASSWORD", "password"),
      Map.entry("PGPASSFILE", "passfile"), Map.entry("PGSSLMODE", "sslmode"),
      Map.entry("PGAPPNAME", "application_name"), Map.entry("PGCONNECT_TIMEOUT", "connect_timeout"),
      Map.entry("PGOPTIONS", "options"), Map.entry("PGSSLROOTCERT", "sslrootcert"));

  /** libpq keywords and the pgjdbc property each becomes. */
  private static final Map<String, String> DRIVER_PROPERTIES = Map.of(
      "sslmode", "sslmode", "application_name", "ApplicationName", "connect_timeout", "connectTimeout",
      "options", "options", "sslrootcert", "sslrootcert", "sslcert", "sslcert", "sslkey", "sslkey");

  private final Map<String, String> environment;
  private final Path home;
  private final List<String> warnings = new ArrayList<>();

  public ConnectionResolver(Map<String, String> environment, Path home) {
    this.environment = environment;
    this.home = home;
  }

  /** Remarks made while resolving (an unsafe password file), to show the user. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * @param given libpq keywords from the command line (conninfo, -h, -p, -U), maybe none
   * @param embeddedDirectory the data directory when {@code --embedded} was given, or empty
   */
  public ConnectionTarget resolve(Map<String, String> given, Optional<Path> embeddedDirectory)
      throws InvalidConninfoException {
    if (embeddedDirectory.isPresent()) {
      return new ConnectionTarget.Embedded(embeddedDirectory.get(), Optional.ofNullable(given.get("dbname")));
    }
    boolean serverNamed = !given.isEmpty()
        || SERVER_VARIABLES.stream().anyMatch(v -> !environment.getOrDefault(v, "").isEmpty());
    if (!serverNamed) {
      return new ConnectionTarget.Embedded(home.resolve(".cutover").resolve("embedded"), Optional.empty());
    }
    return new ConnectionTarget.Server(settings(given));
  }

  /** Completes {@code given} (libpq keywords) with the service, the environment and defaults. */
  public ConnectionSettings settings(Map<String, String> given) throws InvalidConninfoException {
    Map<String, String> m = new LinkedHashMap<>(given);
    String service = m.getOrDefault("service", environment.get("PGSERVICE"));
    if (service != null && !service.isEmpty()) {
      Path file = environment.containsKey("PGSERVICEFILE") ? Path.of(environment.get("PGSERVICEFILE"))
          : home.resolve(".pg_service.conf");
      try {
        Map<String, String> section = ServiceFile.section(file, service)
            .orElseThrow(() -> new InvalidConninfoException("definition of service \"" + service + "\" not found in " + file));
        section.forEach(m::putIfAbsent);
      } catch (IOException e) {
        throw new InvalidConninfoException("could not read service file \"" + file + "\": " + e.getMessage());
      }
    }
    ENVIRONMENT_KEYWORDS.forEach((variable, keyword) -> {
      String v = environment.get(variable);
      if (v != null && !v.isEmpty()) {
        m.putIfAbsent(keyword, v);
      }
    });
    String host = m.getOrDefault("host", m.getOrDefault("hostaddr", "localhost"));
    if (host.isEmpty() || host.startsWith("/")) {
      host = "localhost"; // pgjdbc has no Unix-domain sockets; the local TCP port serves the same server.
    }
    int port = port(m.getOrDefault("port", Integer.toString(ConnectionSettings.DEFAULT_PORT)));
    String user = m.getOrDefault("user", environment.getOrDefault("USER", "postgres"));
    String database = m.getOrDefault("dbname", user);
    Map<String, String> parameters = new LinkedHashMap<>();
    DRIVER_PROPERTIES.forEach((keyword, property) -> {
      if (m.containsKey(keyword)) {
        parameters.put(property, m.get(keyword));
      }
    });
    String password = m.get("password");
    if (password == null) {
      Path passfile = m.containsKey("passfile") ? Path.of(m.get("passfile")) : home.resolve(".pgpass");
      password = PgPassFile.lookup(passfile, host, port, database, user, warnings).orElse(null);
    }
    return new ConnectionSettings(host, port, database, user, password, parameters);
  }

  private static int port(String text) throws InvalidConninfoException {
    try {
      int p = Integer.parseInt(text.trim());
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new InvalidConninfoException("invalid port number: \"" + text + "\"");
    }
  }
}
