package io.cutover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The read cutover run from the shaded jar itself (cutover.jar, built before this test runs): a
 * class the jar leaves out fails the build here. Issue 15, defect 3: EXTRACT loads Calcite's time
 * units, which need commons-math3.
 */
@org.junit.jupiter.api.Tag("postgres")
class RewriteJarTest {

  static final Path JAR = Path.of(System.getProperty("cutover.jar"));
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @Test
  void jarRewritesAndComparesEveryQueryOfTheExample() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("rewrite_jar");
    String extract = "select extract(hour from to_timestamp(time)) as h, count(*) from heartbeats where editor = E'Vi\\\\m'"
        + " or language = 'Ruby' group by 1 order by 1";
    try (ShellProcess p = ShellProcess.startJar(JAR, db, REPOSITORY, "-q", "-v", "ON_ERROR_STOP=1", "--yes",
        "-c", "\\demo load 1000", "-c", "\\plan examples/heartbeats/plan.json", "-c", "\\migrate", "-c", "\\dualwrite on",
        "-c", "\\backfill", "-c", "\\progress --exact", "-c", "\\compare --runs 1 " + extract,
        "-c", "\\compare --runs 1 -f examples/heartbeats/queries.sql")) {
      int status = p.waitFor();
      String out = p.output();
      assertEquals(0, status, out);
      assertTrue(out.contains("rewritten | t"), out);
      assertFalse(out.contains("Calcite's parser is incomplete"), out);
    }
  }
}
