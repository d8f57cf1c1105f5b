package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * With {@code standard_conforming_strings = off} the server reads {@code '\' OR true --'} as one
 * string; the rewrite read it as standard and emitted {@code E'\\') OR TRUE}: text inside a
 * literal ran as SQL (found in review: 0 rows as typed, 6,001 rewritten). Such a session's
 * queries are answered as typed, and the rewrite says why.
 */
@org.junit.jupiter.api.Tag("postgres")
class NonstandardStringsTest {

  @Test
  void aSessionWithNonstandardStringsIsAnsweredAsTyped() throws Exception {
    TestDatabase db = MigratedExample.create("nonstandard_strings", 2_000);
    String query = "select count(*) from heartbeats where language = '\\' OR true --'";
    var typed = MigratedExample.shell(db).stdin("set standard_conforming_strings = off;\n" + query + "\n;\n").run();
    assertTrue(typed.out().contains("     0\n"), typed.toString());

    var cutover = MigratedExample.shell(db).stdin("set standard_conforming_strings = off;\n\\cutover on\n" + query + "\n;\n")
        .run();
    assertTrue(cutover.out().contains("     0\n"), cutover.toString());
    assertFalse(cutover.out().contains("2000"), cutover.toString());

    var rewrite = MigratedExample.shell(db, "-c", "set standard_conforming_strings = off",
        "-c", "\\rewrite select count(*) from heartbeats where language = 'Go'").run();
    assertEquals(0, rewrite.status(), rewrite.toString());
    assertTrue((rewrite.out() + rewrite.err()).contains("standard_conforming_strings is off"), rewrite.toString());
    assertFalse(rewrite.out().contains("language_id"), rewrite.toString());
  }
}
