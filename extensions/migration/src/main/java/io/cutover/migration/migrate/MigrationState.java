package io.cutover.migration.migrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a directory matched against the history: what is applied, pending, changed since
 * it was applied, failed, applied but missing from the directory, or a file whose version the
 * history gives to another file (two branches numbered their migrations alike).
 */
public record MigrationState(List<Entry> entries) {

  public enum Status { APPLIED, PENDING, CHANGED, FAILED, MISSING, COLLISION }

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
          : a.checksum() == f.checksum() ? Status.APPLIED
          : a.script().equals(f.name()) ? Status.CHANGED : Status.COLLISION;
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

  /** The version after every one of the directory and the history, for a file to be renumbered to. */
  public MigrationVersion nextFreeVersion() {
    long newest = entries.stream().mapToLong(e -> e.version().major()).max().orElse(0);
    return MigrationVersion.parse(Long.toString(newest + 1));
  }

  /** The newest applied version, if any. */
  public Optional<MigrationVersion> newestApplied() {
    return entries.stream().filter(e -> e.applied().map(AppliedMigration::success).orElse(false))
        .map(Entry::version).max(MigrationVersion::compareTo);
  }
}
