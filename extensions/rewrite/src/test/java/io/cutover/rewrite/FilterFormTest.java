package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, defect 5: a filter on a dimension is written in the form the planner can answer from
 * the indexes that exist. Across all users (no user fixed), with an index led by the FK, it is an
 * IN over the lookup's ids, which PostgreSQL joins through the FK's index; for one user's rows it
 * stays a test of each row, which keeps the user's index. Both forms return the original's rows,
 * NULLs and names absent from the lookup included (\compare checks; exit 3 on a difference).
 */
@org.junit.jupiter.api.Tag("postgres")
class FilterFormTest {

  static TestDatabase db;

  @BeforeAll
  static void migrate() throws Exception {
    db = MigratedExample.create("filterform", 5_000);
    // Placeholder values an application writes and later repairs, across users, and NULLs beside them.
    db.execute("insert into heartbeats (user_id, time, branch, project) select id, 1767300000 + id, '<<LAST_BRANCH>>',"
        + " case when id % 2 = 0 then '<<LAST_PROJECT>>' end from users order by id limit 40",
        "insert into heartbeats (user_id, time, branch, project) select id, 1767300100 + id, null, null"
            + " from users order by id limit 40");
  }

  @Test
  void aPerUserFilterAcrossUsersReadsTheIdsThroughTheFkIndex() {
    String[] queries = {
        "select id, user_id from heartbeats where branch = '<<LAST_BRANCH>>' order by id",
        "select id from heartbeats where branch like '<<%' and time > 1767200000 order by id",
        // The latest row matching placeholder filters.
        "select id, user_id, time from heartbeats where project = '<<LAST_PROJECT>>' and branch = '<<LAST_BRANCH>>'"
            + " order by time desc, id desc limit 1",
        // A name no lookup row holds: no row, as the original.
        "select count(*) from heartbeats where branch = 'never written'",
        // NULL branches are in no lookup row, as they match no LIKE.
        "select count(*) from heartbeats where branch like '%'",
    };
    for (String query : queries) {
      var r = MigratedExample.rewrittenAndEqual(db, query);
      assertTrue(r.out().contains("branch_id IN (SELECT"), r.out());
      assertFalse(r.out().contains("CASE WHEN"), r.out());
    }
  }

  @Test
  void oneUsersPerUserFilterReadsThatUsersIdsThroughTheFkIndex() throws Exception {
    String user = db.value("select min(user_id) from heartbeats where branch = '<<LAST_BRANCH>>'");
    var r = MigratedExample.rewrittenAndEqual(db,
        "select id from heartbeats where user_id = " + user + " and branch like '<<%' order by id");
    assertTrue(r.out().contains("branch_id IN (SELECT id\n"), r.out());
    assertFalse(r.out().contains("CASE WHEN"), r.out());
    // A range of users: their ids are not one user's, and the users' index finds the rows.
    var range = MigratedExample.rewrittenAndEqual(db,
        "select id from heartbeats where user_id < 40 and branch like '<<%' order by id");
    assertTrue(range.out().contains("CASE WHEN branch_id IS NOT NULL THEN branch_id IN (SELECT"), range.out());
  }

  @Test
  void aGlobalFilterOnOneUsersRowsKeepsTheTestOfEachRow() {
    var language = MigratedExample.rewrittenAndEqual(db,
        "select language, count(*) from heartbeats where user_id = 25 and language like 'R%' group by language order by 1");
    assertTrue(language.out().contains("CASE WHEN language_id IS NOT NULL"), language.out());
  }

  @Test
  void withoutAnIndexOnTheFkTheTestOfEachRowStays() throws Exception {
    String query = "select id from heartbeats where machine like 'm%' order by id";
    var indexed = MigratedExample.rewrittenAndEqual(db, query);
    assertTrue(indexed.out().contains("machine_id IN (SELECT"), indexed.out());
    assertFalse(indexed.out().contains("CASE WHEN"), indexed.out());
    db.execute("drop index index_heartbeats_on_machine_id");
    try {
      var bare = MigratedExample.rewrittenAndEqual(db, query);
      assertTrue(bare.out().contains("CASE WHEN machine_id IS NOT NULL"), bare.out());
    } finally {
      db.execute("create index index_heartbeats_on_machine_id on heartbeats (machine_id)");
    }
  }

  @Test
  void aFilterUnderOrOrNotKeepsItsNulls() {
    for (String query : new String[] {
        "select count(*) from heartbeats where branch like '<<%' or branch is null",
        "select count(*) from heartbeats where not (branch like '<<%')",
        "select count(case when branch like '<<%' then 1 end), count(*) from heartbeats",
    }) {
      var r = MigratedExample.shell(db, "-c", "\\compare " + query).run();
      assertEquals(0, r.status(), query + "\n" + r);
    }
  }
}
