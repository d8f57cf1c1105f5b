package io.cutover.migration.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Budgets decide what is over, and a status line says it with value and budget. */
class BudgetsTest {

  private static Reading reading(Signal signal, String subject, Double value) {
    return new Reading(signal, subject, Optional.ofNullable(value));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "STANDBY_REPLAY_LAG   | replica1      | 14200      | standby \"replica1\" replay lag 14.2 s > 10 s",
      "STANDBY_REPLAY_BYTES | a \"b\"       | 314572800  | standby \"a \"\"b\"\"\" replay lag 300 MB > 256 MB",
      "STANDBY_REPLAY_BYTES | replica1      |            | standby \"replica1\" is attached but its replay lag cannot be read"
          + " (waiting, as for a lag over budget: grant pg_monitor to this role to read it)",
      "ARCHIVE_FAILING      | 000000010000000000000003 | 1 | WAL archiving fails (archive_command failed on 000000010000000000000003)",
      "ARCHIVE_BACKLOG      |               | 40         | WAL archive backlog 40 segments > 32",
      "AUTOVACUUM           | autovacuum to prevent wraparound | 35 | autovacuum to prevent wraparound running on the table, 35% scanned",
      "OLDEST_TRANSACTION   | pid 7, psql   | 962        | oldest transaction 16m2s old > 15m0s (pid 7, psql)",
      "COMMIT_LATENCY       |               | 180        | commits take 180 ms > 100 ms",
  })
  void aThrottleSaysWhatIsOverWithItsValueAndBudget(Signal signal, String subject, Double value, String words) {
    Reading r = reading(signal, subject == null ? "" : subject, value);
    assertTrue(Budgets.DEFAULTS.isOver(r));
    assertEquals(words, new Throttle(r, Budgets.DEFAULTS.of(signal)).describe());
  }

  @Test
  void readingsUnderBudgetPassAndAnUnreadableStandbyDoesNot() {
    assertFalse(Budgets.DEFAULTS.isOver(reading(Signal.STANDBY_REPLAY_LAG, "r", 9_999.0)));
    assertFalse(Budgets.DEFAULTS.isOver(reading(Signal.STANDBY_REPLAY_BYTES, "r", 0.0)));
    assertTrue(Budgets.DEFAULTS.isOver(reading(Signal.STANDBY_REPLAY_BYTES, "r", null)));
    assertFalse(Budgets.DEFAULTS.isOver(reading(Signal.COMMIT_LATENCY, "", 100.0)));
  }

  @Test
  void anOrdinaryAutovacuumPausesOnlyWhenAskedButOneOfUnknownKindDoesByDefault() throws Exception {
    Reading ordinary = reading(Signal.AUTOVACUUM, Health.ORDINARY_AUTOVACUUM, 10.0);
    Reading unknown = reading(Signal.AUTOVACUUM, "autovacuum (its kind unreadable)", null);
    assertFalse(Budgets.DEFAULTS.isOver(ordinary));
    assertTrue(Budgets.DEFAULTS.isOver(unknown));
    assertTrue(parse("--autovacuum", "any").isOver(ordinary));
    assertFalse(parse("--autovacuum", "ignore").isOver(unknown));
  }

  @Test
  void optionsSetTheBudgetsAndBadOnesSayWhatIsExpected() throws Exception {
    Budgets b = parse("--max-replay-lag", "2s", "--max-replay-lag-mb", "8", "--max-archive-backlog", "4",
        "--max-xact-age", "1min", "--max-commit-ms", "20");
    assertEquals(new Budgets(Duration.ofSeconds(2), 8L << 20, 4, Budgets.VacuumRule.WRAPAROUND, Duration.ofMinutes(1),
        Duration.ofMillis(20)), b);
    CommandException e = assertThrows(CommandException.class, () -> parse("--autovacuum", "sometimes"));
    assertTrue(e.getMessage().contains("--autovacuum expects wraparound, any or ignore, not \"sometimes\""), e.getMessage());
    e = assertThrows(CommandException.class, () -> parse("--max-replay-lag", "soon"));
    assertTrue(e.getMessage().contains("--max-replay-lag expects a duration"), e.getMessage());
  }

  private static Budgets parse(String... words) throws CommandException {
    return Budgets.parse(new Arguments("backfill", List.of(words)).parse(Budgets.OPTIONS, java.util.Set.of(), "usage"),
        "usage");
  }
}
