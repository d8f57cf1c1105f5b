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
      "add the column without a default (or with a constant), then backfill it in batches"),
  TRANSACTION_CONTROL("transaction-control",
      "BEGIN, COMMIT, ROLLBACK, SAVEPOINT and the like end or split the transaction \\migrate runs the file in, so a"
          + " failure would leave the statements before them applied and unrecorded",
      "split the file: one migration per unit that must apply atomically (cutover runs each transactional file in one"
          + " transaction and records it in that transaction)", Acceptance.NEVER),
  UNIQUE_WITHOUT_INDEX("unique-without-index",
      "ADD PRIMARY KEY or UNIQUE builds its index under an ACCESS EXCLUSIVE lock, blocking reads and writes for the"
          + " whole build",
      "CREATE UNIQUE INDEX CONCURRENTLY in a file marked -- cutover:no-transaction, then ADD CONSTRAINT ... PRIMARY KEY"
          + " (or UNIQUE) USING INDEX in a later migration"),
  CHECK_NOT_VALID("check-not-valid",
      "ADD CHECK scans every row under an ACCESS EXCLUSIVE lock",
      "add it NOT VALID, then VALIDATE CONSTRAINT in a later migration, which does not block writes"),
  REWRITING_COLUMN("rewriting-column",
      "a serial, bigserial, identity or GENERATED ... STORED column added to an existing table rewrites the whole table"
          + " under an ACCESS EXCLUSIVE lock",
      "add a plain nullable column (with a sequence default set afterwards for new rows), then backfill it in batches"),
  DROP_TABLE("drop-table",
      "the application may still read or write the table; dropping it breaks those queries at once, loses the data for"
          + " good, and waits for an ACCESS EXCLUSIVE lock",
      "stop every read and write of it first, rename it away (ALTER TABLE ... RENAME TO ..._retired) so a forgotten"
          + " user fails loudly while the data stays, and drop it in a later migration"),
  TRUNCATE("truncate",
      "TRUNCATE takes an ACCESS EXCLUSIVE lock and empties the table for good (no undo once committed)",
      "delete the rows in batches in a data migration (data/ folder), or allow it for a table nothing uses"),
  VACUUM_FULL("vacuum-full",
      "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock, blocking reads and writes for the whole copy",
      "rewrite it online with pg_repack (or \\rebuild for the planned table); plain VACUUM does not block"),
  CLUSTER("cluster",
      "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock, blocking reads and writes for the whole copy",
      "rewrite it online with \\rebuild (the planned table) or pg_repack --order-by"),
  REINDEX_CONCURRENTLY("reindex-concurrently",
      "REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index) for the whole build",
      "REINDEX INDEX CONCURRENTLY (or REINDEX TABLE CONCURRENTLY) in a file marked -- cutover:no-transaction"),
  RENAME_COLUMN("rename-column",
      "the running application still uses the old name: its queries fail from the moment of the rename",
      "expand/contract: add the new column, write both and backfill it, switch reads, then drop the old one"),
  DML_WITHOUT_WHERE("dml-without-where",
      "an UPDATE or DELETE of every row in a schema migration locks them all for the whole transaction and bloats the"
          + " table in one go",
      "give it a WHERE, or move it to a data migration (data/ folder) that works in batches by key range"),
  HIDDEN_DDL("hidden-ddl",
      "DDL inside a DO block or behind EXECUTE in a function body is invisible to these checks",
      "write the DDL as plain statements in the migration, so each is checked");

  private final String id;
  private final String risk;
  private final String alternative;
  private final Acceptance acceptance;

  /** Whether {@code -- cutover:allow} can accept a finding. */
  public enum Acceptance { BY_ALLOW_LINE, NEVER }

  LintRule(String id, String risk, String alternative) {
    this(id, risk, alternative, Acceptance.BY_ALLOW_LINE);
  }

  LintRule(String id, String risk, String alternative, Acceptance acceptance) {
    this.id = id;
    this.risk = risk;
    this.alternative = alternative;
    this.acceptance = acceptance;
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

  public Acceptance acceptance() {
    return acceptance;
  }

  public static Optional<LintRule> byId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }

  public static String ids() {
    return Arrays.stream(values()).filter(r -> r.acceptance == Acceptance.BY_ALLOW_LINE).map(LintRule::id).collect(Collectors.joining(", "));
  }
}
