package io.cutover.shell.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConninfoParserTest {

  static Stream<Arguments> spellings() {
    return Stream.of(
        Arguments.of("postgresql://alice:p%40ss@db.example:5433/app?sslmode=require",
            Map.of("user", "alice", "password", "p@ss", "host", "db.example", "port", "5433", "dbname", "app",
                "sslmode", "require")),
        Arguments.of("postgres://db.example/app", Map.of("host", "db.example", "dbname", "app")),
        Arguments.of("postgresql://[::1]:6000/x", Map.of("host", "::1", "port", "6000", "dbname", "x")),
        Arguments.of("jdbc:postgresql://h:5432/app?user=bob&password=pw&ApplicationName=tool",
            Map.of("host", "h", "port", "5432", "dbname", "app", "user", "bob", "password", "pw",
                "application_name", "tool")),
        Arguments.of("host=h port=5 dbname='my db' user=u password='it\\'s'",
            Map.of("host", "h", "port", "5", "dbname", "my db", "user", "u", "password", "it's")),
        Arguments.of("postgresql://u:%E2%82%AC+%F0%9F%94%91\uD83D\uDD11@h/db",
            Map.of("user", "u", "password", "\u20AC+\uD83D\uDD11\uD83D\uDD11", "host", "h", "dbname", "db")),
        Arguments.of("mydb", Map.of("dbname", "mydb")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spellings")
  void readsEverySpelling(String conninfo, Map<String, String> expected) throws Exception {
    assertEquals(expected, ConninfoParser.parse(conninfo));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badOnes")
  void refusesMalformedStringsWithoutRepeatingThePassword(String conninfo) {
    var e = assertThrows(InvalidConninfoException.class, () -> ConninfoParser.parse(conninfo));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  static Stream<String> badOnes() {
    return Stream.of("host=h password='hunter2", "host=h =hunter2", "postgresql://u:hunter2@a,b/db",
        "postgresql://u:x@h/db?password", "postgresql://u:hun%zter2@h/db", "postgresql://u:hunter2%@h/db",
        "postgresql://u:hun/ter2@h/db", "postgresql://u:hun?ter2@h/db", "postgresql://u@h/db?password=hunter2%",
        "jdbc:postgresql://h/db?user=u&password=hunter2%q", "postgresql://u:hun:ter2@h:hunter2/db");
  }
}
