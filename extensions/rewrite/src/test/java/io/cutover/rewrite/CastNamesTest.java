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
 * Issue 15, finding 8: the rewrite moves a grouped query's columns into a subquery and names them
 * outside as PostgreSQL named them; \compare checks the names against the server's own (columns
 * that differ are a difference). Casts of casts ('a'::regclass::oid is oid), a subquery's unnamed
 * column under a cast (stays ?column?), a CASE whose ELSE is named, and CAST(x AS type) in the
 * standard form with types Calcite printed in its own words (DOUBLE, INTERVAL SECOND) or could not
 * read (int[]).
 */
@org.junit.jupiter.api.Tag("postgres")
class CastNamesTest {

  private static final String QUERIES = """
      select kind, 'ev'::regclass, count(*) from ev group by 1 order by 1;
      select kind, 'ev'::regclass::oid, count(*) from ev group by 1 order by 1;
      select kind, array_agg(id order by id)::int[], count(*) from ev group by 1 order by 1;
      select kind, (array_agg(id order by id))[1], '{1,2}'::int[], count(*) from ev group by 1 order by 1;
      select kind, array[1,2]::bigint[], (array[1,2])[1], (select 1)::int from ev group by 1 order by 1;
      select kind, case when count(*) > 1 then 1 else max(id) end, case when true then 1 else 2 end::text from ev group by 1 order by 1;
      select kind, (select max(id) from ev)::text, (select 1 as one)::int, exists(select 1)::int from ev group by 1 order by 1;
      select kind, count(*)::int::text, (count(*) + 1)::int8::text, '1'::text::int from ev group by 1 order by 1;
      select kind, case when count(*) > 1 then 1 end::text, coalesce(max(id), 0)::int, nullif(count(*), 0)::int from ev group by 1 order by 1;
      select kind, cast(count(*) as integer), cast('1' as varchar(3)), cast(null as char(2)), cast(1 as double precision) from ev group by 1 order by 1;
      select kind, cast('1 day 2 hours' as interval), cast('{1}' as int[]), cast(max(at) as timestamp(0) with time zone) from ev group by 1 order by 1;
      select kind, 'public'::regnamespace, 'int4'::regtype, null::text, 1::"char", 'x'::"Mood" from ev group by 1 order by 1;
      """;

  @Test
  void castColumnsAreNamedAsPostgresqlNamesThem(@TempDir Path dir) throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("cast_names");
    db.execute("create type \"Mood\" as enum ('x', 'y')",
        "create table ev (id bigserial primary key, kind text, at timestamptz)",
        "insert into ev (kind, at) select (array['a', 'b', null])[g % 3 + 1], '2024-01-01'::timestamptz + g * interval '1 hour'"
            + " from generate_series(1, 60) g");
    MigratedExample.migrate(db, dir, "{\"table\": \"ev\", \"dimensions\": ["
        + "{\"column\": \"kind\", \"lookup\": \"ev_kinds\", \"fk\": \"kind_id\"}]}");
    Path file = dir.resolve("names.sql");
    Files.writeString(file, QUERIES);
    var r = MigratedExample.shell(db, "-c", "\\compare -f " + file).run();
    assertEquals(0, r.status(), r.toString());
    assertFalse(r.out().contains("| no ("), r.out());
  }
}
