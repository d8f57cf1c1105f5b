package io.cutover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.spi.MetaCommand;
import io.cutover.shell.testkit.PostgresServer;
import io.cutover.shell.testkit.ShellProcess;
import io.cutover.shell.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: {@code \? backfill} and {@code \backfill --help} describe every option (they printed the
 * usage line only), and a misspelt option gets a did-you-mean.
 */
@org.junit.jupiter.api.Tag("postgres")
class CommandHelpTest {

  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");

  /** Every option an extension command's usage names has a line of its own in its help. */
  @Test
  void everyOptionOfEveryExtensionCommandIsDescribed() {
    List<String> undescribed = new ArrayList<>();
    int commands = 0;
    for (MetaCommand c : ServiceLoader.load(MetaCommand.class)) {
      if (c.getClass().getName().startsWith("io.cutover.shell.")) {
        continue;
      }
      commands++;
      String help = c.help();
      Matcher m = OPTION.matcher(c.usage());
      TreeSet<String> options = new TreeSet<>();
      while (m.find()) {
        options.add(m.group());
      }
      for (String option : options) {
        if (!Pattern.compile("(?m)^ +" + Pattern.quote(option) + "\\b").matcher(help).find()) {
          undescribed.add("\\" + c.names().get(0) + " " + option);
        }
      }
    }
    assertTrue(commands >= 14, "extension commands found: " + commands);
    assertEquals(List.of(), undescribed, "options without a description in their command's help");
  }

  /** The help resources are in the jar users run, and a typo is answered with the option meant. */
  @Test
  void theJarPrintsHelpAndSuggestsTheOptionMeant() throws Exception {
    TestDatabase db = PostgresServer.get().createDatabase("command_help");
    try (ShellProcess p = ShellProcess.startJar(RewriteJarTest.JAR, db, RewriteJarTest.REPOSITORY,
        "-c", "\\? backfill", "-c", "\\compare --help", "-c", "\\backfill --wrokers 2")) {
      assertEquals(1, p.waitFor(), p.output());
      String out = p.output();
      assertTrue(out.contains("  --max-lock-ms N            the longest a batch may hold its row locks"), out);
      assertTrue(out.contains("  --max-replay-lag 10s"), "the shared pacing options are included:\n" + out);
      assertTrue(out.contains("  --runs N                   run each side exactly N times"), out);
      assertTrue(out.contains("\\backfill: unknown option --wrokers\nHINT:  did you mean --workers? usage:"), out);
    }
  }
}
