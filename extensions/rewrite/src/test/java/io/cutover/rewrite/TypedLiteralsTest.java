package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, findings 4 and 5: a dimension compared with a typed literal keeps what the cast does to
 * the value (char(n) drops trailing blanks when compared as text, varchar(n) cuts on an explicit
 * cast), and array literals and typed BETWEEN bounds parse. The names differ only in those ways
 * ('beta', 'beta ', 'bet'), so an id read for the literal's own text would give other rows.
 */
@org.junit.jupiter.api.Tag("postgres")
class TypedLiteralsTest {

  private static final String QUERIES = """
      select count(*) from ev where kind = 'beta '::char(10);
      select count(*) from ev where kind = 'beta'::varchar(3);
      select count(*) from ev where kind = 'beta '::text;
      select count(*) from ev where kind = 'beta '::varchar;
      select count(*) from ev where kind = 'bet'::name;
      select count(*) from ev where kind <> 'beta '::char(10);
      select count(*) from ev where kind in ('beta '::char(10), 'x'::varchar(3));
      select count(*) from ev where kind is distinct from 'beta'::varchar(3);
      select kind = 'beta '::char(10) as b, count(*) from ev group by 1 order by 1;
      select count(*) from ev where kind = any('{beta,bet}'::text[]);
      select count(*) from ev where kind <> all('{beta,bet}'::text[]);
      select kind, count(*) from ev where id = any('{1,2,3,4,5}'::bigint[]) group by 1 order by 1;
      select kind, count(*) from ev where at between '2024-01-01'::timestamptz and '2024-01-03'::timestamptz group by 1 order by 1;
      select q.kind, q.n from (select kind, count(*) as n from ev group by kind) q where q.kind = 'beta '::char(10);
      select kind, count(*) from ev group by kind having kind in ('bet'::name, 'beta '::varchar(4)) order by 1;
      """;

  @Test
  void typedLiteralsAreComparedAsTheCastMakesThem(@TempDir Path dir) throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("typed_literals");
    db.execute("create table ev (id bigserial primary key, kind text, at timestamptz)",
        "insert into ev (kind, at) select (array['beta', 'beta ', 'bet', '', null])[g % 5 + 1],"
            + " '2024-01-01'::timestamptz + g * interval '1 hour' from generate_series(1, 200) g");
    MigratedExample.migrate(db, dir, "{\"table\": \"ev\", \"dimensions\": ["
        + "{\"column\": \"kind\", \"lookup\": \"ev_kinds\", \"fk\": \"kind_id\"}]}");
    Path file = dir.resolve("typed.sql");
    Files.writeString(file, QUERIES);
    var r = MigratedExample.shell(db, "-c", "\\compare -f " + file).run();
    assertEquals(0, r.status(), r.toString());
    assertFalse(r.out().contains("| no ("), r.out());
  }

  /** The dimension itself typed char(n) or varchar(n): blank-padded and length-checked comparisons. */
  @Test
  void typedColumnsKeepTheirComparisons(@TempDir Path dir) throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("typed_columns");
    db.execute("create table evc (id bigserial primary key, kind char(6), tag varchar(5))",
        "insert into evc (kind, tag) select (array['beta', 'bet', '', null])[g % 4 + 1],"
            + " (array['beta', 'beta ', 'b', null])[g % 4 + 1] from generate_series(1, 200) g");
    MigratedExample.migrate(db, dir, "{\"table\": \"evc\", \"dimensions\": ["
        + "{\"column\": \"kind\", \"lookup\": \"evc_kinds\", \"fk\": \"kind_id\"},"
        + "{\"column\": \"tag\", \"lookup\": \"evc_tags\", \"fk\": \"tag_id\"}]}");
    Path file = dir.resolve("typed.sql");
    Files.writeString(file, QUERIES.replace(" ev ", " evc ").replace("at between", "id between").replace(
        "'2024-01-01'::timestamptz and '2024-01-03'::timestamptz", "'1'::bigint and '50'::int8") + """
        select count(*) from evc where kind = 'beta';
        select count(*) from evc where kind = 'beta  '::char(8);
        select count(*) from evc where kind = 'beta '::text;
        select count(*) from evc where tag = 'beta '::char(10);
        select count(*) from evc where tag = 'beta  '::varchar(5);
        select count(*) from evc where tag in ('beta', 'beta '::text, 'b'::char(3));
        select tag, kind, count(*) from evc where tag = any('{beta,b}'::varchar[]) group by 1, 2 order by 1, 2;
        """);
    var r = MigratedExample.shell(db, "-c", "\\compare -f " + file).run();
    assertEquals(0, r.status(), r.toString());
    assertFalse(r.out().contains("| no ("), r.out());
  }
}
