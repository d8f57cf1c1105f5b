package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cutover.shell.testkit.Await;
import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.TestDatabase;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safety issue 2: {@code ./scripts/cutover postgresql://u:secret@host/db} showed the password in
 * the java process's command line, which every local user reads with {@code ps}. The real
 * launcher runs here, on a jar that points at the test class path.
 */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class LauncherPasswordTest {

  static final String SECRET = "Launch3r-Secr3t_pw";
  static TestDatabase db;
  static Optional<String> role;

  @TempDir
  static Path root;

  @BeforeAll
  static void setUp(TestDatabase database) throws Exception {
    db = database;
    role = PostgresServer.get().passwordRole("launch_user", SECRET);
    Path scripts = Files.createDirectories(root.resolve("scripts"));
    Files.copy(Path.of("..", "scripts", "cutover"), scripts.resolve("cutover"), StandardCopyOption.COPY_ATTRIBUTES);
    // No sources under this root, so the launcher takes the jar as built.
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.cutover.shell.cli.Main");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Stream.of(System.getProperty("java.class.path")
        .split(File.pathSeparator)).map(p -> Path.of(p).toUri().toString()).collect(Collectors.joining(" ")));
    Path jar = Files.createDirectories(root.resolve("dist/target")).resolve("cutover.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
      j.flush();
    }
  }

  @Test
  void aPasswordInAnySpellingOfTheConninfoStaysOutOfTheCommandLine() throws Exception {
    assumeTrue(role.isPresent(), "needs the embedded server's pg_hba.conf");
    String hostPort = db.host() + ":" + db.port();
    List<List<String>> spellings = List.of(
        List.of("postgresql://launch_user:" + SECRET + "@" + hostPort + "/" + db.name()),
        List.of("-d", "jdbc:postgresql://" + hostPort + "/" + db.name() + "?user=launch_user&password=" + SECRET),
        List.of("--dbname=postgresql://" + hostPort + "/" + db.name() + "?user=launch_user&password=" + SECRET),
        List.of("host=" + db.host() + " port=" + db.port() + " dbname=" + db.name() + " user=launch_user password='"
            + SECRET + "'"));
    for (List<String> conninfo : spellings) {
      String marker = "launched_" + System.nanoTime();
      List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/cutover").toString(), "-X",
          "-c", "select pg_sleep(300) as " + marker));
      command.addAll(conninfo);
      Path log = Files.createTempFile(root, "launch", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().put("HOME", root.toString());
      pb.environment().remove("PGPASSWORD");
      Process launched = pb.start();
      try {
        String sleeping = "usename = 'launch_user' and query like '%" + marker + "%' and wait_event = 'PgSleep'";
        awaitBackend(sleeping, launched, log);
        List<String> lines = Stream.concat(Stream.of(launched.toHandle()), launched.toHandle().descendants())
            .map(p -> commandLine(p.pid())).toList();
        for (String line : lines) {
          assertFalse(line.contains(SECRET), "password in a command line: " + line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("-jar") && l.contains("$CUTOVER_CONNINFO")), lines.toString());
        db.execute("select pg_cancel_backend(pid) from pg_stat_activity where " + sleeping);
        assertTrue(launched.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(log);
        assertEquals(1, launched.exitValue(), output);
        assertTrue(output.contains("canceling statement due to user request"), output);
        assertFalse(output.contains(SECRET), output);
      } finally {
        launched.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        launched.destroyForcibly();
      }
    }
  }

  private static void awaitBackend(String condition, Process launched, Path log) throws Exception {
    Await.until("a backend with " + condition, () -> {
      assertTrue(launched.isAlive(), () -> "the launched shell ended: " + read(log));
      return !db.value("select count(*) from pg_stat_activity where " + condition).equals("0");
    });
  }

  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (java.io.IOException e) {
      return ""; // the process ended meanwhile
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
