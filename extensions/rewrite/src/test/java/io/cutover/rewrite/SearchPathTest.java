package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of the plan's name in another schema (a schema per tenant) is another table: a query
 * naming it unqualified is the plan's table only where the session's search_path finds the plan's.
 * Before, `ev` was always taken for the plan's `s_a.ev`, and under `search_path = s_b` the read
 * cutover read s_b's FK column through s_a's lookup: wrong rows, or values s_b never held.
 */
@org.junit.jupiter.api.Tag("postgres")
class SearchPathTest {

  private static final String COUNT = "select kind, count(*) from ev group by kind order by 1";

  @Test
  void anUnqualifiedNameIsThePlansTableOnlyWhereTheSearchPathFindsIt(@TempDir Path dir) throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("search_path");
    db.execute("create schema s_a", "create schema s_b",
        "create table s_a.ev (id bigserial primary key, kind text)",
        "create table s_b.ev (id bigserial primary key, kind text, kind_id bigint)",
        "insert into s_a.ev (kind) select 'a' || (g % 4) from generate_series(1, 1000) g",
        "insert into s_b.ev (kind, kind_id) select 'b' || (g % 4), g % 4 + 1 from generate_series(1, 1000) g");
    MigratedExample.migrate(db, dir, "{\"schema\": \"s_a\", \"table\": \"ev\", \"dimensions\": ["
        + "{\"column\": \"kind\", \"lookup\": \"ev_kinds\", \"fk\": \"kind_id\"}]}");

    var other = MigratedExample.shell(db, "-c", "set search_path = s_b", "-c", "\\rewrite " + COUNT).run();
    assertEquals(0, other.status(), other.toString());
    assertFalse(other.out().contains("ev_kinds"), other.out());
    var cutover = MigratedExample.shell(db).stdin("set search_path = s_b;\n\\cutover on\n" + COUNT + ";\n").run();
    assertTrue(cutover.out().contains(" b1   |   250"), cutover.out());
    assertFalse(cutover.out().contains(" a1"), cutover.out());

    var own = MigratedExample.shell(db, "-c", "set search_path = s_a", "-c", "\\rewrite " + COUNT,
        "-c", "\\compare " + COUNT).run();
    assertEquals(0, own.status(), own.toString());
    assertTrue(own.out().contains("ev_kinds"), own.out());
    assertTrue(own.out().contains("rewritten | t"), own.out());

    // A reconnection under \cutover on: the preview goes on with the new session's pool (it used the closed one).
    var reconnected = MigratedExample.shell(db).stdin("\\cutover on\n\\c\nselect 41 + 1 as answer;\n").run();
    assertTrue(reconnected.out().contains("42"), reconnected.toString());
    assertFalse(reconnected.err().contains("has been closed"), reconnected.err());
  }

  /**
   * A table of the lookup's name in a schema the session's search_path lists first: the rewrite
   * names the plan's lookup with its schema, so it never reads the other (found in review: a public
   * plan's lookups were written bare, and `search_path = acme, public` read acme's names).
   */
  @Test
  void aLookupNameIsNeverTakenFromAnotherSchemaOnTheSearchPath(@TempDir Path dir) throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("search_path_lookup");
    db.execute("create table orders (id bigserial primary key, status text)",
        "insert into orders (status) select 's' || (g % 3) from generate_series(1, 300) g");
    MigratedExample.migrate(db, dir, "{\"table\": \"orders\", \"dimensions\": ["
        + "{\"column\": \"status\", \"lookup\": \"statuses\", \"fk\": \"status_id\"}]}");
    db.execute("create schema acme", "create table acme.statuses (id bigint, name text)",
        "insert into acme.statuses select g, 'other' || g from generate_series(1, 10) g");
    String query = "select status, count(*) from orders where status like 's%' group by 1 order by 1";
    var r = MigratedExample.shell(db, "-c", "set search_path = acme, public", "-c", "\\compare " + query).run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("rewritten | t"), r.out());
    var cutover = MigratedExample.shell(db).stdin("set search_path = acme, public;\n\\cutover on\n" + query + ";\n").run();
    assertTrue(cutover.out().contains(" s1     |   100"), cutover.out());
    assertFalse(cutover.out().contains("other"), cutover.out());
  }
}
