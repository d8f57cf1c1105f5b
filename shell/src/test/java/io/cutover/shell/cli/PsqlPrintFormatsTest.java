package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * psql's printing options (issue 16): every {@code \pset} format, borders 0 to 2, the ascii,
 * old-ascii and unicode line styles, wrapping to {@code \pset columns}, expanded records, numeric
 * locale, separators, {@code \pset}'s messages and listing; {@code \d} of a sequence, a TOAST table and
 * a table's indexes, {@code \d+}, {@code \dt+}, {@code \df[a]} and {@code \do} with argument
 * types, {@code \dconfig}, {@code \sf[+]}.
 * The expected texts are what psql 15.18 printed for the same script on standard input
 * ({@code LC_ALL=C psql -X -q < print-formats.sql}), kept beside it in the test resources.
 */
@org.junit.jupiter.api.Tag("postgres")
@ExtendWith(PostgresExtension.class)
class PsqlPrintFormatsTest {

  static TestDatabase db;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  @Test
  void everyFormatBorderAndLineStylePrintsWhatPsqlPrints() throws IOException {
    var r = ShellRun.on(db).args("-X", "-q").stdin(resource("print-formats.sql")).run();
    assertEquals(resource("print-formats.psql15.err"), r.err());
    assertEquals(resource("print-formats.psql15.out"), r.out());
  }

  @Test
  void describeShowsIndexesTheToastTableAndSettingsAsPsqlShowsThem() throws IOException {
    var r = ShellRun.on(db).args("-X", "-q").stdin(resource("describe.sql")).run();
    assertEquals(resource("describe.psql15.err"), r.err());
    assertEquals(resource("describe.psql15.out"), r.out());
  }

  @Test
  void oddBordersNoColumnsWideCharactersAndBadValuesAsPsqlTakesThem() throws IOException {
    var r = ShellRun.on(db).args("-X", "-q").stdin(resource("print-edges.sql")).run();
    assertEquals(resource("print-edges.psql15.err"), r.err());
    assertEquals(resource("print-edges.psql15.out"), r.out());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = PsqlPrintFormatsTest.class.getResourceAsStream("/psql/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
