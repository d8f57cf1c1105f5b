package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Held rows gone around and come back for on keys without arithmetic: uuid, and text with quotes and commas. */
@org.junit.jupiter.api.Tag("postgres")
class KeyTypesUnderHeldRowsTest {

  @TempDir
  Path dir;

  @Test
  void uuidAndTextKeysComeBackForHeldRows() throws Exception {
    String[][] keys = {{"uuid", "gen_random_uuid()"}, {"varchar(40) collate \"C\"", "'k,''\"{' || lpad(g::text, 5, '0')"}};
    for (int i = 0; i < keys.length; i++) {
      TestDatabase db = PostgresServer.get().createDatabase("held_keys_" + i);
      db.execute("create table orders (id " + keys[i][0] + " primary key, status text)",
          "insert into orders select " + keys[i][1] + ", (array['open', 'shipped', 'it''s'])[1 + g % 3]"
              + " from generate_series(1, 3000) g");
      Path plan = dir.resolve("plan" + i + ".json");
      Files.writeString(plan, "{\"table\": \"orders\", \"key\": \"id\", \"dimensions\": ["
          + "{\"column\": \"status\", \"lookup\": \"order_statuses\", \"fk\": \"status_id\"}]}");
      var setup = ShellRun.on(db).args("-q", "-v", "ON_ERROR_STOP=1", "-c", "\\plan " + plan, "-c", "\\migrate generate",
          "-c", "\\migrate", "-c", "\\dualwrite on").run();
      assertEquals(0, setup.status(), setup.toString());
      try (Connection holder = db.connect()) {
        int pid = Sessions.open(holder, "holder",
            "select id from orders order by id offset 100 limit 20 for update");
        try (ShellProcess p = ShellProcess.start(db, "-c", "\\backfill --workers 2")) {
          Sessions.awaitOutput(p, "waiting for a lock held by pid " + pid);
          holder.rollback();
          assertEquals(0, p.waitFor(), p.output());
          assertTrue(p.output().contains("Backfill finished"), p.output());
        }
      }
      var exact = ShellRun.on(db).args("-c", "\\progress --exact").run();
      assertTrue(exact.out().contains("Every row and dimension is filled and matches"), keys[i][0] + ": " + exact);
    }
  }
}
