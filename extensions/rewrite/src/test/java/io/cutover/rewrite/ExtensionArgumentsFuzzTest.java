package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every extension command (migration and rewrite) fed random arguments, on a database with the
 * example data and no plan: each answers with a result or an error naming itself, never a stack
 * trace; and a plan whose names try to inject SQL is refused by path, with nothing executed.
 */
@org.junit.jupiter.api.Tag("postgres")
class ExtensionArgumentsFuzzTest {

  private static final String[] COMMANDS = {"\\plan", "\\migrate", "\\dualwrite", "\\backfill", "\\progress",
      "\\validate_fks", "\\drop_raw", "\\rebuild", "\\status", "\\rewrite", "\\compare", "\\cutover", "\\demo"};
  private static final String[] WORDS = {"on", "off", "status", "pause", "resume", "show", "generate", "repair",
      "--dry-run", "--workers", "0", "-3", "5", "1e9", "99999999999999999999", "--batch-size", "auto", "--target-ms",
      "--sleep-ms", "--mode", "flipper", "both", "nope", "--exact", "--archive", "x; drop table users", "--yes",
      "--force", "--runs", "-f", "/nonexistent/file.sql", "select", "*", "from", "heartbeats", "'", "\"", "--dir",
      "stop-writes", "--watch", "1s", "load", "$1", "(", ")", "--explain", "abort", "drop-old", "--lock-timeout", "\\"};
  private static final Set<Integer> STATUSES = Set.of(0, 1);

  static TestDatabase db;

  @BeforeAll
  static void load() {
    db = PostgresServer.get().createDatabase("argfuzz");
    assertEquals(0, ShellRun.on(db).args("-q", "-c", "\\demo load 1000").run().status());
  }

  @Test
  void randomArgumentsGetAResultOrAnErrorNamingTheCommand(@TempDir Path dir) throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      String command = COMMANDS[random.nextInt(COMMANDS.length)];
      StringBuilder line = new StringBuilder(command);
      for (int n = random.nextInt(4); n > 0; n--) {
        line.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
      }
      var r = ShellRun.on(db).in(dir).args("-c", line.toString()).run();
      String where = line + "\n" + r;
      assertTrue(STATUSES.contains(r.status()), where);
      assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), where);
      if (r.status() == 1) {
        assertTrue(r.err().contains(command + ":") || r.err().contains("ERROR:"), where);
      }
    }
    assertEquals("t", db.value("select to_regclass('users') is not null"), "the users table survived");
  }

  @Test
  void aPlanWhoseNamesTryToInjectSqlIsRefusedByPath(@TempDir Path dir) throws Exception {
    String users = db.value("select count(*) from users");
    Path plan = dir.resolve("evil.json");
    Files.writeString(plan, """
        {"table": "heartbeats\\"; DROP TABLE users; --", "key": "id",
         "dimensions": [{"column": "language'); DROP TABLE users; --", "lookup": "l", "fk": "l_id"}]}
        """);
    var r = ShellRun.on(db).args("-c", "\\plan " + plan).run();
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.err().contains("table: "), r.err());
    assertEquals(users, db.value("select count(*) from users"));
  }
}
