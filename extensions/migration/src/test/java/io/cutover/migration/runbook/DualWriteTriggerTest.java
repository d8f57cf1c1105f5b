package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The dual-write trigger sees every write: a session in replica mode (bulk loads, logical
 * replication tools) gets FKs too, and an application trigger that would change a dimension after
 * cutover's trigger set its FK (name order) is named before dual-write goes on.
 */
@org.junit.jupiter.api.Tag("postgres")
class DualWriteTriggerTest {

  @Test
  void replicaSessionsGetFksAndLaterBeforeTriggersAreNamedFirst() throws Exception {
    TestDatabase db = ExpandedExample.create("dualwrite_trigger", 500);
    try (Connection app = db.connect(); Statement st = app.createStatement()) {
      st.execute("set session_replication_role = replica");
      st.execute("insert into heartbeats (user_id, time, language) values (1, 1, 'Replicated')");
    }
    assertEquals("Replicated", db.value("select l.name from heartbeats h join heartbeat_languages l on l.id = h.language_id"
        + " where h.language = 'Replicated'"));

    db.execute("create function normalize_language() returns trigger language plpgsql as"
        + " $$ begin new.language := initcap(new.language); return new; end $$",
        "create trigger normalize_language before insert or update on heartbeats for each row"
            + " execute function normalize_language()");
    var refused = ShellRun.on(db).args("-c", "\\dualwrite on").run();
    assertEquals(1, refused.status(), refused.toString());
    assertTrue(refused.err().contains("BEFORE triggers that fire after cutover's (PostgreSQL fires them in name order):"
        + " normalize_language"), refused.err());
    db.execute("alter trigger normalize_language on heartbeats rename to a_normalize_language");
    var on = ShellRun.on(db).args("-c", "\\dualwrite on").run();
    assertEquals(0, on.status(), on.toString());
    db.execute("insert into heartbeats (user_id, time, language) values (1, 1, 'shouting')");
    assertEquals("Shouting", db.value("select l.name from heartbeats h join heartbeat_languages l on l.id = h.language_id"
        + " where h.language = 'Shouting'"));
  }
}
