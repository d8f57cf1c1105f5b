package io.cutover.migration.migrate;

import io.cutover.shell.spi.SqlScript;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One versioned migration file, {@code V<version>__<description>.sql}.
 *
 * @param path relative to the migrations directory, as recorded in the history
 * @param kind schema or data (a {@code data/} sub-folder or a {@code -- cutover:data} line)
 * @param mode whether it runs in one transaction ({@code -- cutover:no-transaction} says not)
 * @param allowed lint rules accepted by {@code -- cutover:allow RULE} lines
 */
public record MigrationFile(MigrationVersion version, String description, Kind kind, TxMode mode, Path path,
                            String script, int checksum, Set<LintRule> allowed, List<SqlScript.Statement> statements) {

  public enum Kind {
    SCHEMA, DATA;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum TxMode {
    TRANSACTIONAL, NO_TRANSACTION
  }

  public String name() {
    return path.toString();
  }
}
