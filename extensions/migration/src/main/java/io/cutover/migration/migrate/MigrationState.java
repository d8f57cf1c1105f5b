package io.cutover.migration.migrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a directory matched against the history: what is applied, pending, changed since
 * it was applied, failed, or applied but missing from the directory.
 */
public record MigrationState(List<Entry> entries) {

  public enum Status { APPLIED, PENDING, CHANGED, FAILED, MISSING }

  /** One version: its file (absent when missing) and its history row (absent when pending). */
  public record Entry(MigrationVersion version, Optional<MigrationFile> file, Optional<AppliedMigration> applied,
                      Status status) {
  }

  public static MigrationState of(List<MigrationFile> files, List<AppliedMigration> history) {
    Map<MigrationVersion, AppliedMigration> byVersion = new HashMap<>();
    for (AppliedMigration a : history) {
      byVersion.merge(a.version(), a, (old, now) -> now.success() || !old.success() ? now : old);
    }
    List<Entry> entries = new ArrayList<>();
    for (MigrationFile f : files) {
      AppliedMigration a = byVersion.remove(f.version());
      Status s = a == null ? Status.PENDING : !a.success() ? Status.FAILED
          : a.checksum() != f.checksum() ? Status.CHANGED : Status.APPLIED;
      entries.add(new Entry(f.version(), Optional.of(f), Optional.ofNullable(a), s));
    }
    byVersion.values().forEach(a -> entries.add(new Entry(a.version(), Optional.empty(), Optional.of(a), Status.MISSING)));
    entries.sort((x, y) -> x.version().compareTo(y.version()));
    return new MigrationState(entries);
  }

  public List<Entry> with(Status status) {
    return entries.stream().filter(e -> e.status() == status).toList();
  }

  public List<MigrationFile> pending() {
    return with(Status.PENDING).stream().map(e -> e.file().orElseThrow()).toList();
  }

  /** The newest applied version, if any. */
  public Optional<MigrationVersion> newestApplied() {
    return entries.stream().filter(e -> e.applied().map(AppliedMigration::success).orElse(false))
        .map(Entry::version).max(MigrationVersion::compareTo);
  }
}
