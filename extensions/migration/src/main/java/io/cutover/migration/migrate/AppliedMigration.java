package io.cutover.migration.migrate;

import java.time.OffsetDateTime;
import java.util.Optional;

/** A row of {@code cutover.schema_history}. */
public record AppliedMigration(int rank, MigrationVersion version, String description, String kind, String script,
                              int checksum, String installedBy, OffsetDateTime installedOn, int executionMs,
                              boolean success, Optional<String> failure) {
}
