package io.cutover.migration.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** \migrate on a database of its own per test: order, history, checksums, lint, dry runs and failures. */
@org.junit.jupiter.api.Tag("postgres")
class MigrateCommandTest {

  TestDatabase db;

  @TempDir
  Path dir;

  @BeforeEach
  void freshDatabase() throws Exception {
    db = PostgresServer.get().createDatabase("migrate");
    db.execute("create table accounts (id bigint primary key, address text)",
        "insert into accounts values (1, 'Main St 1'), (2, 'High St 2')");
  }

  private void file(String name, String sql) throws Exception {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, sql);
  }

  private ShellRun.Result migrate(String... more) {
    return ShellRun.on(db).args("-c", ("\\migrate " + String.join(" ", more) + " --dir " + dir).replace("  ", " ")).run();
  }

  @Test
  void schemaAndDataMigrationsRunInOneOrderedSequence() throws Exception {
    // seed 003's example: a new table, a data migration that fills it from a column, then the column's drop
    file("V1__create_locations.sql", "create table locations (id bigint primary key, account_id bigint, line text);");
    file("data/V2__move_addresses.sql", "insert into locations select id, id, address from accounts;");
    file("V3__drop_address.sql", "-- cutover:allow drop-column\nalter table accounts drop column address;");
    var r = migrate();
    assertEquals(0, r.status(), r.toString());
    assertEquals(List.of("Main St 1", "High St 2"), db.column("select line from locations order by id"));
    assertEquals(List.of("1:schema", "2:data", "3:schema"),
        db.column("select version || ':' || kind from cutover.schema_history order by installed_rank"));
    var again = migrate();
    assertTrue(again.out().contains("Nothing to migrate"), again.toString());
  }

  @Test
  void aChangedAppliedFileStopsUntilRepaired() throws Exception {
    file("V1__t.sql", "create table t1 (a int);");
    migrate();
    file("V1__t.sql", "create table t1 (a int, b int);");
    file("V2__u.sql", "create table t2 (a int);");
    var r = migrate();
    assertEquals(1, r.status());
    assertTrue(r.err().contains("V1 changed since it was applied"), r.err());
    assertTrue(r.err().contains("\\migrate repair"), r.err());
    assertEquals("0", db.value("select count(*) from pg_class where relname = 't2'"));
    assertEquals(0, migrate("repair").status());
    assertEquals(0, migrate().status());
    assertEquals("1", db.value("select count(*) from pg_class where relname = 't2'"));
  }

  @Test
  void repairNeverMarksAFileOfACollidingVersionApplied() throws Exception {
    // two branches both wrote a V2: the other branch's was applied, then this checkout's V2 arrives
    file("V1__base.sql", "create table base (a int);");
    file("V2__theirs.sql", "create table theirs (a int);");
    assertEquals(0, migrate().status());
    Files.delete(dir.resolve("V2__theirs.sql"));
    file("V2__ours.sql", "create table ours (a int);");
    var r = migrate();
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.err().contains("V2 of the history is V2__theirs.sql, not V2__ours.sql"), r.err());
    assertTrue(r.err().contains("renumber V2__ours.sql to V3"), r.err());
    assertFalse(r.err().contains("\\migrate repair"), r.err());
    var dryRun = migrate("--dry-run");
    assertTrue(dryRun.err().contains("V2 of the history is V2__theirs.sql, not V2__ours.sql"), dryRun.toString());
    var repair = migrate("repair");
    assertEquals(1, repair.status(), repair.toString());
    assertTrue(repair.err().contains("nothing was repaired"), repair.err());
    assertEquals(List.of("1:V1__base.sql", "2:V2__theirs.sql"),
        db.column("select version || ':' || script from cutover.schema_history order by installed_rank"));
    assertTrue(migrate("status").out().contains(" 2       | ours        | schema | yes         | collision "));
    Files.move(dir.resolve("V2__ours.sql"), dir.resolve("V3__ours.sql"));
    assertEquals(0, migrate().status());
    assertEquals("t", db.value("select to_regclass('ours') is not null"));
  }

  @Test
  void repairForgetsAFailedRunAndTheFileStaysPending() throws Exception {
    file("V1__idx.sql", "-- cutover:no-transaction\ncreate table half (a int);\ncreate index concurrently i on half (nosuch);");
    assertEquals(1, migrate().status());
    file("V1__idx.sql", "-- cutover:no-transaction\ncreate table if not exists half (a int);\n"
        + "create index concurrently if not exists i on half (a);");
    var repair = migrate("repair");
    assertEquals(0, repair.status(), repair.toString());
    assertEquals("0", db.value("select count(*) from cutover.schema_history"));
    assertTrue(migrate("status").out().contains("| pending "));
    assertEquals(0, migrate().status());
    assertEquals("t", db.value("select to_regclass('i') is not null"));
  }

  @Test
  void aFailedTransactionalFileLeavesNothingAndSaysWhichStatement() throws Exception {
    file("V1__two.sql", "create table ok_one (a int);\n\ncreate table bad (a nosuchtype);");
    var r = migrate();
    assertEquals(1, r.status());
    assertTrue(r.err().contains("V1__two.sql failed at statement 2 (line 3): 42704"), r.err());
    assertTrue(r.err().contains("nothing of it was applied"), r.err());
    assertEquals("0", db.value("select count(*) from pg_class where relname = 'ok_one'"));
  }

  @Test
  void aFailedNonTransactionalFileIsRecordedAndRunsAgainAfterRepair() throws Exception {
    file("V1__idx.sql", "-- cutover:no-transaction\ncreate index concurrently if not exists i1 on accounts (id);\n"
        + "create index concurrently if not exists i2 on accounts (nosuch);");
    var r = migrate();
    assertTrue(r.err().contains("failed at statement 2 (line 3)"), r.err());
    assertTrue(r.err().contains("statements before it were applied"), r.err());
    assertTrue(migrate().err().contains("V1 failed when last run"));
    file("V1__idx.sql", "-- cutover:no-transaction\ncreate index concurrently if not exists i1 on accounts (id);\n"
        + "create index concurrently if not exists i2 on accounts (address);");
    assertEquals(0, migrate("repair").status());
    var fixed = migrate();
    assertEquals(0, fixed.status(), fixed.toString());
    assertEquals("2", db.value("select count(*) from pg_indexes where indexname in ('i1', 'i2')"));
  }

  @Test
  void dryRunShowsTheSqlAndFindingsAndTouchesNothing() throws Exception {
    file("V1__idx.sql", "create index i1 on accounts (address);");
    var r = migrate("--dry-run");
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("create index i1 on accounts (address);"), r.out());
    assertTrue(r.out().contains("-- REFUSED: V1__idx.sql:1: index-concurrently on ACCOUNTS"), r.out());
    assertEquals("f", db.value("select to_regclass('cutover.schema_history') is not null"));
    assertEquals("0", db.value("select count(*) from pg_namespace where nspname = 'cutover'"));
  }

  @Test
  void statusListsAppliedPendingAndChanged() throws Exception {
    file("V1__a.sql", "create table a1 (x int);");
    migrate();
    file("V1_1__b.sql", "create table b1 (x int);");
    file("V2__c.sql", "create table c1 (x int);");
    var r = migrate("status");
    assertTrue(r.out().contains(" 1       | a           | schema | yes         | applied "), r.out());
    assertTrue(r.out().contains(" 1.1     | b           | schema | yes         | pending "), r.out());
    var outOfOrder = migrate();
    assertEquals(0, outOfOrder.status(), outOfOrder.toString());
  }

  @Test
  void anOlderPendingVersionIsRefusedAsOutOfOrder() throws Exception {
    file("V2__a.sql", "create table a1 (x int);");
    migrate();
    file("V1__late.sql", "create table late (x int);");
    var r = migrate();
    assertEquals(1, r.status());
    assertTrue(r.err().contains("is older than the newest applied migration V2"), r.err());
    assertEquals(0, migrate("--out-of-order").status());
  }

  @Test
  void everyLintRuleRefusesUntilAllowed() throws Exception {
    db.execute("create table parents (id bigint primary key)", "alter table accounts add column parent_id bigint");
    String[][] cases = {
        {"fk-not-valid", "alter table accounts add constraint fk foreign key (parent_id) references parents (id);"},
        {"validate-same-transaction", "alter table accounts add constraint fk2 foreign key (parent_id) references parents (id) not valid;\n"
            + "alter table accounts validate constraint fk2;"},
        {"index-concurrently", "create index on accounts (address);"},
        {"concurrently-in-transaction", "create index concurrently on accounts (address);"},
        {"drop-column", "alter table accounts drop column address;"},
        {"column-type", "alter table accounts alter column address type varchar(200);"},
        {"set-not-null", "alter table accounts alter column address set not null;"},
        {"volatile-default", "alter table accounts add column token uuid default gen_random_uuid();"}};
    int version = 1;
    for (String[] c : cases) {
      Path d = Files.createDirectories(dir.resolve("rule-" + version));
      Files.writeString(d.resolve("V" + version + "__rule.sql"), c[1]);
      var refused = ShellRun.on(db).args("-c", "\\migrate --dir " + d).run();
      assertEquals(1, refused.status(), c[0] + "\n" + refused);
      assertTrue(refused.err().contains(": " + c[0] + " on ") || refused.err().contains(": " + c[0] + ":"),
          c[0] + " not named:\n" + refused.err());
      assertTrue(refused.err().contains("-- cutover:allow " + c[0]), refused.err());
      Files.writeString(d.resolve("V" + version + "__rule.sql"), "-- cutover:allow " + c[0] + "\n" + c[1]);
      var allowed = ShellRun.on(db).args("-c", "\\migrate --dir " + d + " --dry-run").run();
      assertTrue(allowed.out().contains("-- allowed: "), c[0] + "\n" + allowed);
      version++;
    }
  }

  @Test
  void safeFormsPassTheLint() throws Exception {
    db.execute("create table parents (id bigint primary key)");
    file("V1__new_table_is_free.sql", "create table fresh (id bigint primary key, p bigint references parents (id));\n"
        + "create index on fresh (p);");
    file("V2__fk_not_valid.sql", "alter table accounts add column parent_id bigint;\n"
        + "alter table accounts add constraint fk foreign key (parent_id) references parents (id) not valid;");
    file("V3__validate.sql", "alter table accounts validate constraint fk;");
    file("V4__index.sql", "-- cutover:no-transaction\ncreate index concurrently if not exists i on accounts (parent_id);");
    file("V5__stable_default.sql", "alter table accounts add column seen timestamptz default now();");
    var r = migrate();
    assertEquals(0, r.status(), r.toString());
  }

  @Test
  void badDirectivesAndNamesAreRefusedWithTheFix() throws Exception {
    file("V1__x.sql", "-- cutover:allow no-such-rule\nselect 1;");
    var r = migrate();
    assertTrue(r.err().contains("unknown lint rule \"no-such-rule\""), r.err());
    Files.delete(dir.resolve("V1__x.sql"));
    file("V1__a.sql", "select 1;");
    file("V1__b.sql", "select 2;");
    var dup = migrate();
    assertTrue(dup.err().contains("two migrations have version 1: V1__a.sql and V1__b.sql"), dup.err());
    assertFalse(dup.status() == 0);
  }
}
