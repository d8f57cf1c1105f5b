package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * {@code \drop_raw --archive} when a value changed after an earlier run archived it: the next run
 * archives it anew (it used to refuse for ever, while its hint said a rerun completes the copy),
 * and the archive holds every value as it was when the column was dropped.
 */
@org.junit.jupiter.api.Tag("postgres")
class RawArchiveTest {

  @Test
  void aValueChangedAfterAnEarlierArchiveIsArchivedAgainAndNothingIsLost() throws Exception {
    TestDatabase db = ExpandedExample.create("raw_archive", 2_000);
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\backfill", "-c", "\\validate_fks").run().status());
    // No --yes: the archive is made, then the drop is refused at its confirmation.
    var first = ShellRun.on(db).args("-c", "\\drop_raw --archive raw_kept --force-writes").run();
    assertEquals(1, first.status(), first.toString());
    assertTrue(first.out().contains("Archived"), first.toString());
    db.execute("update heartbeats set raw_data = '{\"changed\": true}' where id in (3, 5)",
        "update heartbeats set raw_data = '{\"new\": 1}' where id = (select min(id) from heartbeats where raw_data is null)");
    String expected = db.value("select md5(string_agg(id || ':' || raw_data::text, ',' order by id)) from heartbeats"
        + " where raw_data is not null");
    var second = ShellRun.on(db).args("-v", "ON_ERROR_STOP=1", "--yes", "-c",
        "\\drop_raw --archive raw_kept --force-writes").run();
    assertEquals(0, second.status(), second.toString());
    assertEquals(expected, db.value("select md5(string_agg(a.id || ':' || a.raw_data::text, ',' order by a.id))"
        + " from raw_kept a where exists (select from heartbeats h where h.id = a.id)"));
    assertEquals("0", db.value("select count(*) from information_schema.columns where table_name = 'heartbeats'"
        + " and column_name = 'raw_data'"));
  }
}
