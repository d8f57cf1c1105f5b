package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names nobody listed in issue 15: keywords PostgreSQL reserves ({@code order}, {@code user},
 * {@code select}, {@code from}, {@code left}), a schema with a space and capitals, and names
 * holding comment markers; an FK named {@code $1}, which written bare would be a parameter. (A name holding a newline does not get through {@code \migrate}
 * generate yet: its generated comments break.) Each is a name wherever the rewrite writes it.
 */
@org.junit.jupiter.api.Tag("postgres")
class KeywordNamesTest {

  static TestDatabase db;

  @BeforeAll
  static void migrate(@TempDir Path dir) throws Exception {
    db = PostgresServer.get().createDatabase("keyword_names");
    db.execute("create schema \"My App\"",
        "create table \"My App\".\"order\" (\"id\" bigserial primary key, \"User Id\" int not null, \"user\" text,"
            + " \"left\" text, \"note */ --\" text)",
        "insert into \"My App\".\"order\" (\"User Id\", \"user\", \"left\", \"note */ --\")"
            + " select 1 + g % 4, (array['alice', 'bob', null])[1 + g % 3], (array['L', 'R'])[1 + g % 2],"
            + " (array['a', E'b\\nc', '*/'])[1 + g % 3] from generate_series(1, 200) g");
    MigratedExample.migrate(db, dir, """
        {"schema": "My App", "table": "order", "key": "id", "dimensions": [
          {"column": "user", "lookup": "table", "fk": "select", "value_column": "from"},
          {"column": "left", "lookup": "join", "fk": "fk */ -- x", "scope": ["User Id"]},
          {"column": "note */ --", "lookup": "lk ; up", "fk": "$1"}
        ]}
        """);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "select \"user\", count(*) from \"My App\".\"order\" group by \"user\" order by 1 nulls first",
      "select count(*) from \"My App\".\"order\" where \"user\" = 'bob'",
      "select \"left\", count(*) as \"select\" from \"My App\".\"order\" where \"User Id\" = 2 group by 1 order by 1",
      "select o.\"note */ --\", count(*) from \"My App\".\"order\" o group by 1 order by 1",
      "select count(*) from \"My App\".\"order\" where \"note */ --\" = E'b\\nc'"
  })
  void keywordNamesAreQuotedWhereverTheRewriteWritesThem(String query) {
    MigratedExample.rewrittenAndEqual(db, query);
  }

  @Test
  void anFkNamedLikeAParameterIsQuotedAndTheQuerysParameterIsNot() {
    String out = MigratedExample.rewrite(db, "select \"note */ --\", count(*) from \"My App\".\"order\""
        + " where \"User Id\" = $1 group by 1");
    assertTrue(out.contains("SELECT \"$1\", COUNT(*)"), out);
    assertTrue(out.contains("\"User Id\" = $1"), out);
  }
}
