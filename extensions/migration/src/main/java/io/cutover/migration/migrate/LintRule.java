package io.cutover.migration.migrate;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What \migrate refuses in a migration, after strong_migrations and squawk: each rule says the
 * risk and the safe way. A file accepts a finding with {@code -- cutover:allow RULE}.
 */
public enum LintRule {

  FK_NOT_VALID("fk-not-valid",
      "adding a FOREIGN KEY checks every row under a SHARE ROW EXCLUSIVE lock on both tables, blocking writes for the whole scan",
      "add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (or with \\validate_fks), which does not block writes"),
  VALIDATE_SAME_TRANSACTION("validate-same-transaction",
      "NOT VALID and VALIDATE CONSTRAINT in one transaction hold the adding statement's lock through the whole validation",
      "move VALIDATE CONSTRAINT into a later migration"),
  INDEX_CONCURRENTLY("index-concurrently",
      "CREATE INDEX without CONCURRENTLY holds a SHARE lock, blocking every write to the table while the index builds",
      "use CREATE INDEX CONCURRENTLY IF NOT EXISTS in a file marked -- cutover:no-transaction"),
  CONCURRENTLY_IN_TRANSACTION("concurrently-in-transaction",
      "CONCURRENTLY cannot run inside a transaction block, so this file would fail",
      "mark the file -- cutover:no-transaction (each statement then runs and retries on its own)"),
  DROP_COLUMN("drop-column",
      "the application may still read or write the column; dropping it breaks those queries, and the ACCESS EXCLUSIVE lock queues all traffic",
      "stop reading and writing it first, then drop it with \\drop_raw (archive, guards, short lock_timeout with retries)"),
  COLUMN_TYPE("column-type",
      "changing a column's type rewrites the table and its indexes under an ACCESS EXCLUSIVE lock",
      "add a new column, dual-write and backfill it, then switch reads (what cutover automates)"),
  SET_NOT_NULL("set-not-null",
      "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
      "add CHECK (column IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL 12+ uses the check and skips the scan)"),
  VOLATILE_DEFAULT("volatile-default",
      "a column added with a volatile default (random(), clock_timestamp(), nextval(), ...) rewrites the whole table under an ACCESS EXCLUSIVE lock",
      "add the column without a default (or with a constant), then backfill it in batches");

  private final String id;
  private final String risk;
  private final String alternative;

  LintRule(String id, String risk, String alternative) {
    this.id = id;
    this.risk = risk;
    this.alternative = alternative;
  }

  public String id() {
    return id;
  }

  public String risk() {
    return risk;
  }

  public String alternative() {
    return alternative;
  }

  public static Optional<LintRule> byId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }

  public static String ids() {
    return Arrays.stream(values()).map(LintRule::id).collect(Collectors.joining(", "));
  }
}
