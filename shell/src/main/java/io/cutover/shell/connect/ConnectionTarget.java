package io.cutover.shell.connect;

import java.nio.file.Path;
import java.util.Optional;

/** Where the shell's database comes from: a server the user named, or the embedded one. */
public sealed interface ConnectionTarget {

  /** A server named by a conninfo, a URI or PG* variables. */
  record Server(ConnectionSettings settings) implements ConnectionTarget {
  }

  /**
   * The embedded PostgreSQL whose data lives in {@code dataDirectory}.
   *
   * @param database the database named (-d, a conninfo's dbname), or empty for postgres
   */
  record Embedded(Path dataDirectory, Optional<String> database) implements ConnectionTarget {
  }
}
