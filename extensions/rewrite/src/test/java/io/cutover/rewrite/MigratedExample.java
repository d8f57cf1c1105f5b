package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A database holding the heartbeats example migrated up to the read cutover: generated data,
 * plan, expand migrations, dual-write, backfill and the exact check, run as a user would.
 */
final class MigratedExample {

  static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

  private MigratedExample() {
  }

  static TestDatabase create(String name, int rows) throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase(name);
    var r = ShellRun.on(db).in(REPOSITORY).args("-q", "-v", "ON_ERROR_STOP=1", "--yes",
        "-c", "\\demo load " + rows, "-c", "\\plan examples/heartbeats/plan.json", "-c", "\\migrate",
        "-c", "\\dualwrite on", "-c", "\\backfill", "-c", "\\progress --exact").run();
    assertEquals(0, r.status(), r.toString());
    return db;
  }

  /**
   * Migrates {@code db}'s table up to the read cutover with {@code planJson} as a user would:
   * plan, generated expand migrations (in {@code dir}), dual-write, backfill, exact check.
   */
  static void migrate(TestDatabase db, Path dir, String planJson) throws Exception {
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, planJson);
    Path migrations = dir.resolve("migrations");
    var r = shell(db, "-q", "--yes", "-c", "\\plan " + plan, "-c", "\\migrate generate --dir " + migrations,
        "-c", "\\migrate --dir " + migrations, "-c", "\\dualwrite on", "-c", "\\backfill", "-c", "\\progress --exact").run();
    assertEquals(0, r.status(), r.toString());
  }

  /** Runs the shell on the database from the repository's root, stopping at the first error. */
  static ShellRun shell(TestDatabase db, String... args) {
    return ShellRun.on(db).in(REPOSITORY).args("-X", "-v", "ON_ERROR_STOP=1").args(args);
  }

  /** What {@code \rewrite QUERY} prints, asserting that it ran. */
  static String rewrite(TestDatabase db, String query) {
    var r = shell(db, "-c", "\\rewrite " + query).run();
    assertEquals(0, r.status(), query + "\n" + r);
    return r.out();
  }

  /**
   * {@code \rewrite QUERY}, then {@code \compare QUERY}: asserts that both ran and that the rewrite
   * returned the original's rows; the output is for what else a test checks.
   */
  static ShellRun.Result rewrittenAndEqual(TestDatabase db, String query) {
    var r = shell(db, "-c", "\\rewrite " + query, "-c", "\\compare " + query).run();
    assertEquals(0, r.status(), query + "\n" + r);
    assertTrue(r.out().contains("rewritten | t"), query + "\n" + r.out());
    return r;
  }
}
