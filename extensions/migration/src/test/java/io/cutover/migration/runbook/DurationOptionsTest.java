package io.cutover.migration.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/** Every option that takes a duration refuses one out of range with the largest it accepts (issue: 99999999999999h). */
@org.junit.jupiter.api.Tag("postgres")
class DurationOptionsTest {

  @Test
  void everyDurationOptionRefusesOutOfRangeValuesByName() throws Exception {
    TestDatabase db = ExpandedExample.create("durations", 10);
    String[][] cases = {
        {"\\dualwrite on --lock-timeout 99999999999999h", "--lock-timeout 99999999999999h is out of range"},
        {"\\validate_fks --lock-timeout 99999999999999999999999999ms", "--lock-timeout 99999999999999999999999999ms is out of range"},
        {"\\migrate --statement-timeout 597h", "--statement-timeout 597h is out of range"},
        {"\\migrate --wait 9223372036854775808min", "--wait 9223372036854775808min is out of range"},
        {"\\drop_raw stop-writes --watch 2147483648", "--watch 2147483648 is out of range"},
        {"\\dualwrite off --lock-timeout 35791395min", "--lock-timeout 35791395min is out of range"},
    };
    for (String[] c : cases) {
      var r = ShellRun.on(db).args("-c", c[0]).run();
      assertEquals(1, r.status(), c[0] + ": " + r);
      assertTrue(r.err().contains(c[1]) && r.err().contains("the largest accepted is 2147483647ms (596h"), c[0] + ": " + r);
      assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), c[0] + ": " + r);
    }
    assertEquals("1", db.value("select count(*) from pg_trigger where tgname = 'cutover_dual_write'"), "nothing changed");
    // The largest is accepted.
    var largest = ShellRun.on(db).args("-c", "\\dualwrite on --lock-timeout 2147483647ms").run();
    assertEquals(0, largest.status(), largest.toString());
  }
}
