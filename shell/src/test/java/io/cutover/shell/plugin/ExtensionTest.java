package io.cutover.shell.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extensions reach the shell only through the SPI, and get help, dispatch and argument checks from it. */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class ExtensionTest {

  static TestDatabase db;

  @TempDir
  Path home;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  @Test
  void aClassPathExtensionIsListedInHelpAndRuns() {
    var help = ShellRun.on(db).args("-c", "\\?").run();
    assertTrue(help.out().contains("Extensions\n  \\greet NAME [--times N]"), help.out());
    var r = ShellRun.on(db).args("-c", "\\greet 'Ada L' --times 2").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("   greeting   \n--------------\n hello, Ada L\n hello, Ada L\n(2 rows)\n\n", r.out());
  }

  @Test
  void badArgumentsAreRefusedWithTheUsage() {
    var r = ShellRun.on(db).args("-c", "\\greet x --times 99").run();
    assertEquals(1, r.status());
    assertEquals("\\greet: --times must be between 1 and 10, not 99\nHINT:  usage: \\greet NAME [--times N]\n", r.err());
    var unknown = ShellRun.on(db).args("-c", "\\greet x --loud").run();
    assertTrue(unknown.err().contains("unknown option --loud"), unknown.err());
    var typo = ShellRun.on(db).args("-c", "\\greet x --tmes 2").run();
    assertTrue(typo.err().contains("unknown option --tmes\nHINT:  did you mean --times? usage: \\greet NAME [--times N]"),
        typo.err());
    // An extension without a help text of its own: the usage and summary, as \\? NAME shows them.
    var help = ShellRun.on(db).args("-c", "\\greet --help", "-c", "\\? greet").run();
    assertEquals(0, help.status(), help.toString());
    assertEquals("\\greet NAME [--times N]\n  say hello from the server\n".repeat(2), help.out());
  }

  /** A defect of a command reaches the user as its message and a hint, never a Java class name. */
  @Test
  void anUnexpectedFailureOfACommandNamesNoJavaClass() {
    var r = ShellRun.on(db).args("-c", "\\greet break-me", "-c", "select 'still here' as s").run();
    assertEquals("\\greet failed unexpectedly: the greeting broke\nHINT:  this is a defect of cutover, not of your"
        + " input; please report it with the command\n", r.err());
    assertTrue(r.out().contains("still here"), r.toString());
  }

  @Test
  void confirmationIsRefusedInAScriptUnlessYes() {
    var refused = ShellRun.on(db).args("-c", "\\greet confirm-me").run();
    assertEquals(1, refused.status());
    assertTrue(refused.err().contains("run the script with --yes"), refused.err());
    var yes = ShellRun.on(db).args("--yes", "-c", "\\greet confirm-me").run();
    assertEquals(0, yes.status(), yes.toString());
    assertTrue(yes.out().contains("hello, confirm-me"));
  }

  @Test
  void aJarInTheExtensionsDirectoryIsLoaded() throws Exception {
    Path src = Files.createDirectories(home.resolve("src/example"));
    Files.writeString(src.resolve("ShoutCommand.java"), """
        package example;
        public final class ShoutCommand implements io.cutover.shell.spi.MetaCommand {
          public java.util.List<String> names() { return java.util.List.of("shout"); }
          public String summary() { return "print the arguments in capitals"; }
          public String usage() { return "\\\\shout TEXT"; }
          public void execute(io.cutover.shell.spi.CommandContext c, io.cutover.shell.spi.Arguments a) {
            c.printer().line(a.rest().toUpperCase(java.util.Locale.ROOT));
          }
        }
        """);
    Path classes = Files.createDirectories(home.resolve("classes"));
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        "-cp", System.getProperty("java.class.path"), src.resolve("ShoutCommand.java").toString());
    assertEquals(0, rc);
    Path jar = Files.createDirectories(home.resolve(".cutover/extensions")).resolve("shout.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("example/ShoutCommand.class"));
      out.write(Files.readAllBytes(classes.resolve("example/ShoutCommand.class")));
      out.putNextEntry(new JarEntry("META-INF/services/io.cutover.shell.spi.MetaCommand"));
      out.write("example.ShoutCommand\n".getBytes(StandardCharsets.UTF_8));
    }
    var r = ShellRun.on(db).home(home).args("-c", "\\shout hello there").run();
    assertEquals(0, r.status(), r.toString());
    assertEquals("HELLO THERE\n", r.out());
  }

  @Test
  void aBrokenExtensionJarIsReportedAndTheShellStillWorks() throws Exception {
    Path jar = Files.createDirectories(home.resolve(".cutover/extensions")).resolve("broken.jar");
    try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      ((JarOutputStream) out).putNextEntry(new JarEntry("META-INF/services/io.cutover.shell.spi.MetaCommand"));
      out.write("no.such.Command\n".getBytes(StandardCharsets.UTF_8));
    }
    var r = ShellRun.on(db).home(home).args("-c", "select 1 as ok").run();
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.err().contains("WARNING:  could not load an extension command"), r.err());
    assertTrue(r.out().contains(" ok "));
  }
}
