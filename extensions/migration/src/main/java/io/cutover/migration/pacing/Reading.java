package io.cutover.migration.pacing;

import java.util.Optional;

/**
 * One reading of one signal: for a standby, its name; for autovacuum, what kind it is; for the
 * oldest transaction, whose. An empty value is a reading that could not be made.
 */
public record Reading(Signal signal, String subject, Optional<Double> value) {
}
