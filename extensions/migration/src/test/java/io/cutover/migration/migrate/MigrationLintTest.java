package io.cutover.migration.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lint rules of \migrate against a real table: each refuses before anything runs, each is
 * accepted by its allow line, and look-alikes pass.
 */
@org.junit.jupiter.api.Tag("postgres")
class MigrationLintTest {

  TestDatabase db;

  @TempDir
  Path dir;

  @BeforeEach
  void database() throws Exception {
    db = PostgresServer.get().createDatabase("lint");
    db.execute("create table accounts (id bigint, address text, n int, drop_table text)",
        "insert into accounts values (1, 'Main St 1', 1, 'x'), (2, 'High St 2', 2, 'y')",
        "create unique index accounts_id_idx on accounts (id)",
        "create table done (x int)");
  }

  private ShellRun.Result migrate(Path d, String... more) {
    return ShellRun.on(db).args("-c", "\\migrate --dir " + d + " " + String.join(" ", more)).run();
  }

  private Path files(String name, String... versions) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    for (int i = 0; i < versions.length; i++) {
      Files.writeString(d.resolve("V" + (i + 1) + "__" + name.replace('-', '_') + ".sql"), versions[i]);
    }
    return d;
  }

  @Test
  void transactionControlIsRefusedBeforeAnythingRuns() throws Exception {
    String[] controls = {"commit;", "COMMIT WORK;", "end;", "rollback;", "abort;", "begin;", "start transaction;",
        "savepoint s;", "release savepoint s;", "rollback to savepoint s;", "prepare transaction 'x';",
        "commit prepared 'x';"};
    int n = 0;
    for (String control : controls) {
      String table = "tc_" + n++;
      Path d = files("tx-" + n, "create table " + table + " (a int);\n" + control + "\ncreate table " + table
          + "_b (a int);");
      var r = migrate(d);
      assertEquals(1, r.status(), control + "\n" + r);
      assertTrue(r.err().contains("transaction-control"), control + "\n" + r.err());
      assertTrue(r.err().contains("refused, nothing applied"), r.err());
      assertEquals("f", db.value("select to_regclass('" + table + "') is not null"), control);
      // no allow line accepts it: the runner's "nothing applied" would not hold
      Files.writeString(d.resolve("V1__tx_" + n + ".sql"), "-- cutover:allow transaction-control\n" + control);
      var allowed = migrate(d);
      assertEquals(1, allowed.status(), allowed.toString());
      assertTrue(allowed.err().contains("transaction-control cannot be allowed"), allowed.err());
    }
  }

  @Test
  void transactionControlIsRefusedInNoTransactionFilesToo() throws Exception {
    Path d = files("notx", "-- cutover:no-transaction\nbegin;\ncreate table notx_a (a int);\ncommit;");
    var r = migrate(d);
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.err().contains("V1__notx.sql:2: transaction-control"), r.err());
    assertEquals("f", db.value("select to_regclass('notx_a') is not null"));
  }

  @Test
  void everyNewRuleRefusesWithItsAlternativeUntilAllowed() throws Exception {
    String[][] cases = {
        {"unique-without-index", "alter table accounts add primary key (id);", "USING INDEX"},
        {"unique-without-index", "alter table accounts add constraint u unique (address);", "USING INDEX"},
        {"unique-without-index", "alter table accounts add column code int unique;", "USING INDEX"},
        {"check-not-valid", "alter table accounts add constraint positive check (n > 0);", "VALIDATE CONSTRAINT"},
        {"check-not-valid", "alter table accounts add check (n > 0) not valid, add check (n < 9);", "VALIDATE CONSTRAINT"},
        {"rewriting-column", "alter table accounts add column seq serial;", "backfill"},
        {"rewriting-column", "alter table accounts add column seq bigserial;", "backfill"},
        {"rewriting-column", "alter table accounts add seq bigint generated always as identity;", "backfill"},
        {"rewriting-column", "alter table accounts add column twice int generated always as (n * 2) stored;", "backfill"},
        {"drop-table", "drop table done;", "rename"},
        {"truncate", "truncate accounts;", "batches"},
        {"truncate", "truncate table only accounts, done;", "batches"},
        {"truncate", "create table if not exists accounts (id bigint);\ntruncate accounts;", "batches"},
        {"vacuum-full", "-- cutover:no-transaction\nvacuum full accounts;", "pg_repack"},
        {"vacuum-full", "-- cutover:no-transaction\nvacuum (full, analyze) accounts;", "pg_repack"},
        {"cluster", "cluster accounts using accounts_id_idx;", "\\rebuild"},
        {"reindex-concurrently", "reindex index accounts_id_idx;", "REINDEX INDEX CONCURRENTLY"},
        {"reindex-concurrently", "reindex (verbose) table accounts;", "REINDEX INDEX CONCURRENTLY"},
        {"rename-column", "alter table accounts rename column address to street;", "expand/contract"},
        {"rename-column", "alter table accounts rename address to street;", "expand/contract"},
        {"dml-without-where", "update accounts set n = 0;", "data migration"},
        {"dml-without-where", "delete from accounts;", "data migration"},
        {"dml-without-where", "with old as (select id from accounts where n > 1) update accounts set n = 0;",
            "data migration"},
        {"dml-without-where", "update accounts set n = (select max(x) from done where x > 0);", "data migration"},
        {"hidden-ddl", "do $$ begin alter table accounts add column x int; end $$;", "plain statements"},
        {"hidden-ddl", "do $body$ begin execute format('drop table %I', 'done'); end $body$;", "plain statements"},
        {"hidden-ddl", "do language plpgsql 'begin truncate done; end';", "plain statements"},
        {"hidden-ddl", "create function f() returns void language plpgsql as $$ begin execute 'drop table done'; end $$;",
            "plain statements"}};
    int version = 1;
    for (String[] c : cases) {
      Path d = Files.createDirectories(dir.resolve("rule-" + version));
      Path file = d.resolve("V" + version + "__rule.sql");
      Files.writeString(file, c[1]);
      var refused = migrate(d);
      assertEquals(1, refused.status(), c[1] + "\n" + refused);
      assertTrue(refused.err().contains(": " + c[0]), c[1] + ": " + c[0] + " not named:\n" + refused.err());
      assertTrue(refused.err().contains(c[2]), c[1] + ": no alternative " + c[2] + "\n" + refused.err());
      assertTrue(refused.err().contains("-- cutover:allow " + c[0]), refused.err());
      Files.writeString(file, "-- cutover:allow " + c[0] + "\n" + c[1]);
      var allowed = migrate(d, "--dry-run");
      assertTrue(allowed.out().contains("-- allowed: "), c[1] + "\n" + allowed);
      assertFalse(allowed.out().contains("REFUSED"), c[1] + "\n" + allowed);
      version++;
    }
    assertEquals("2", db.value("select count(*) from accounts"), "nothing ran");
    assertEquals("t", db.value("select to_regclass('done') is not null"), "nothing ran");
  }

  @Test
  void lookAlikesPass() throws Exception {
    Path d = files("look-alikes",
        "select 'TRUNCATE accounts; drop table done' as s; -- TRUNCATE accounts\n/* drop table done */ select 1;",
        "alter table accounts add column drop_table_2 text;\nupdate accounts set drop_table = 'drop table' where id = 1;",
        "alter table accounts add constraint accounts_pk primary key using index accounts_id_idx;",
        "alter table accounts add constraint n_positive check (n > 0) not valid;",
        "alter table accounts validate constraint n_positive;",
        "delete from accounts where id = 3;\nupdate accounts set n = n where id in (select id from accounts);\n"
            + "with gone as (select 3 as id) delete from accounts a using gone where a.id = gone.id;",
        "create table fresh (id serial primary key, big bigserial, twice int generated always as (id * 2) stored,"
            + " code text unique, check (id > 0));\ncreate table fresh2 (id bigint generated always as identity);\n"
            + "alter table fresh add column more serial;\nalter table fresh add constraint c check (id < 1000000);\n"
            + "insert into fresh2 default values;\nupdate fresh2 set id = default;\ntruncate fresh2;\n"
            + "alter table fresh rename column code to label;\ndrop table fresh2;",
        "do $$ begin raise notice 'no ddl: % rows', (select count(*) from accounts where n > 0); end $$;",
        "create function g(x int) returns int language plpgsql as $$ begin return x + 1; end $$;",
        "alter table accounts rename constraint n_positive to n_is_positive;",
        "-- cutover:no-transaction\nvacuum analyze accounts;\nreindex index concurrently accounts_pk;",
        "select 1 as \"commit\";\ncomment on column accounts.n is 'begin; commit;';");
    var r = migrate(d);
    assertEquals(0, r.status(), r.toString());
    assertEquals("12", db.value("select count(*) from cutover.schema_history where success"));
  }
}
