package io.cutover.shell.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.shell.spi.SqlScript;
import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The string constants of {@link LexingCases} through the splitter and {@code SqlScript.lex}, judged by PostgreSQL. */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class LexingCasesTest {

  static TestDatabase db;

  @BeforeAll
  static void database(TestDatabase database) {
    db = database;
  }

  static Stream<LexingCases> cases() {
    return LexingCases.all();
  }

  static List<SqlScript.Token> strings(String sql) {
    return SqlScript.lex(sql).stream().filter(t -> t.kind() == SqlScript.TokenKind.STRING
        || t.kind() == SqlScript.TokenKind.DOLLAR_STRING).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lexFindsEachStringWithTheValuePostgresReads(LexingCases c) throws SQLException {
    List<SqlScript.Token> strings = strings(c.sql());
    assertEquals(c.strings(), strings.stream().map(t -> t.text(c.sql())).toList());
    assertEquals(c.values(), strings.stream().map(t -> t.stringValue(c.sql()).orElse(null)).toList());
    for (int i = 0; i < c.strings().size(); i++) {
      if (c.values().get(i) != null) {
        assertEquals(c.values().get(i), db.value("select (" + c.strings().get(i) + ")::text"), c.strings().get(i));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void splitterSeesTheSameStrings(LexingCases c) {
    List<SqlScript.Statement> statements = SqlScript.split(c.sql() + ";");
    assertEquals(c.statements(), statements.size(), statements.toString());
    assertEquals(c.strings(), statements.stream().flatMap(s -> strings(s.sql()).stream().map(t -> t.text(s.sql())))
        .toList());
  }
}
