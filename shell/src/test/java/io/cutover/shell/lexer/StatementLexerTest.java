package io.cutover.shell.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatementLexerTest {

  /** Items as text: statements as they are, backslash commands prefixed with "META ". */
  static List<String> lex(String script, Map<String, String> vars) {
    StatementLexer lexer = new StatementLexer(name -> Optional.ofNullable(vars.get(name)));
    lexer.push(script);
    return drain(lexer);
  }

  static List<String> drain(StatementLexer lexer) {
    List<String> out = new ArrayList<>();
    for (var item = lexer.next(); item.isPresent() || (item = lexer.finish()).isPresent(); item = lexer.next()) {
      out.add(item.get() instanceof StatementLexer.Statement s ? s.sql() : "META " + ((StatementLexer.MetaCommand) item.get()).text());
    }
    return out;
  }

  static Stream<Arguments> scripts() {
    return Stream.of(
        Arguments.of("simple statements", "select 1; select 2;", List.of("select 1", "select 2")),
        Arguments.of("semicolon in a string", "select 'a;b';", List.of("select 'a;b'")),
        Arguments.of("doubled quote in a string", "select 'it''s; here';", List.of("select 'it''s; here'")),
        Arguments.of("E string with escaped quote", "select E'a\\';b';", List.of("select E'a\\';b'")),
        Arguments.of("E string with backslash before end", "select e'x\\\\'; select 2;", List.of("select e'x\\\\'", "select 2")),
        Arguments.of("backslash in a standard string ends nothing", "select 'a\\'; select 2;", List.of("select 'a\\'", "select 2")),
        Arguments.of("quoted identifier", "select 1 as \"x;y\";", List.of("select 1 as \"x;y\"")),
        Arguments.of("doubled quote in identifier", "select 1 as \"a\"\";b\";", List.of("select 1 as \"a\"\";b\"")),
        Arguments.of("dollar quote", "select $$a;b$$;", List.of("select $$a;b$$")),
        Arguments.of("tagged dollar quote", "do $f$ begin perform 1; end $f$;", List.of("do $f$ begin perform 1; end $f$")),
        Arguments.of("nested dollar tags", "select $a$ $b$ ; $b$ $a$;", List.of("select $a$ $b$ ; $b$ $a$")),
        Arguments.of("positional parameter is not a dollar quote", "prepare p as select $1; select 2;",
            List.of("prepare p as select $1", "select 2")),
        Arguments.of("dollar inside identifier is not a quote", "select a$b$c; select 2;", List.of("select a$b$c", "select 2")),
        Arguments.of("line comment", "select 1 -- not; the end\n; select 2;", List.of("select 1 -- not; the end", "select 2")),
        Arguments.of("leading comment lines are dropped", "-- header\n\nselect 1;", List.of("select 1")),
        Arguments.of("block comment", "select /* ; */ 1;", List.of("select /* ; */ 1")),
        Arguments.of("nested block comment", "select /* a /* ; */ ; */ 1;", List.of("select /* a /* ; */ ; */ 1")),
        Arguments.of("parentheses hold semicolons", "create rule r as on insert to t do also (select 1; select 2);",
            List.of("create rule r as on insert to t do also (select 1; select 2)")),
        Arguments.of("multi-line statement", "select\n  1\n;", List.of("select\n  1")),
        Arguments.of("empty statements are sent, as psql sends them", ";;select 1;;", List.of("", "", "select 1", "")),
        Arguments.of("unterminated last statement is sent at end", "select 1", List.of("select 1")),
        Arguments.of("meta command alone", "\\dt\n", List.of("META \\dt")),
        Arguments.of("meta command after SQL leaves the buffer for the command to take", "select 1 \\g\n",
            List.of("META \\g", "select 1")),
        Arguments.of("two meta commands on a line", "\\x on \\pset format csv\n", List.of("META \\x on", "META \\pset format csv")),
        Arguments.of("double backslash separates", "\\echo a \\\\ select 1;", List.of("META \\echo a", "select 1")),
        Arguments.of("backslash in quoted meta argument", "\\echo 'a\\b' x\n", List.of("META \\echo 'a\\b' x")),
        Arguments.of("backslash inside a string is not a command", "select '\\dt';", List.of("select '\\dt'")),
        Arguments.of("cast is not a variable", "select 1::int;", List.of("select 1::int")),
        Arguments.of("undefined variable stays", "select :nope;", List.of("select :nope")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void splitsStatements(String name, String script, List<String> expected) {
    assertEquals(expected, lex(script, Map.of()));
  }

  static Stream<Arguments> interpolations() {
    return Stream.of(
        Arguments.of("plain variable", "select :v;", List.of("select 42")),
        Arguments.of("literal", "select :'s';", List.of("select 'it''s'")),
        Arguments.of("literal with backslash", "select :'b';", List.of("select  E'a\\\\b'")),
        Arguments.of("identifier", "select 1 as :\"i\";", List.of("select 1 as \"My\"\"Col\"")),
        Arguments.of("nothing inside quotes", "select ':v', $$:v$$, \":v\";", List.of("select ':v', $$:v$$, \":v\"")),
        Arguments.of("nothing inside comments", "select 1 /* :v */;", List.of("select 1 /* :v */")),
        Arguments.of("value holding a semicolon ends the statement", ":q select 3;", List.of("select 1", "select 3")),
        Arguments.of("a value is not interpolated again", "select :self;", List.of("select :self")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpolations")
  void interpolatesVariablesOutsideQuotes(String name, String script, List<String> expected) {
    Map<String, String> vars = Map.of("v", "42", "s", "it's", "b", "a\\b", "i", "My\"Col", "q", "select 1;",
        "self", ":self");
    assertEquals(expected, lex(script, vars));
  }

  static Stream<Arguments> openConstructs() {
    return Stream.of(
        Arguments.of("", StatementLexer.Open.NONE),
        Arguments.of("select 1", StatementLexer.Open.STATEMENT),
        Arguments.of("select 'abc", StatementLexer.Open.QUOTE),
        Arguments.of("select E'abc\\'", StatementLexer.Open.QUOTE),
        Arguments.of("select \"abc", StatementLexer.Open.IDENTIFIER),
        Arguments.of("select $x$ abc", StatementLexer.Open.DOLLAR_QUOTE),
        Arguments.of("select /* /* */", StatementLexer.Open.COMMENT),
        Arguments.of("select (1,", StatementLexer.Open.PARENTHESIS),
        Arguments.of("select 1;", StatementLexer.Open.NONE));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("openConstructs")
  void reportsWhatIsOpenForThePrompt(String input, StatementLexer.Open expected) {
    StatementLexer lexer = StatementLexer.plain();
    lexer.pushLine(input);
    while (lexer.next().isPresent()) {
      // drain
    }
    assertEquals(expected, lexer.open());
  }

  @Test
  void reportsTheLineEachItemEndsOn() {
    StatementLexer lexer = StatementLexer.plain();
    lexer.push("select 1;\n\nselect\n 2;\n\\echo x\n");
    assertEquals(1, lexer.next().orElseThrow().line());
    assertEquals(4, lexer.next().orElseThrow().line());
    assertEquals(5, lexer.next().orElseThrow().line());
  }

  @Test
  void theQueryBufferHoldsWhatPrecedesABackslashCommand() {
    StatementLexer lexer = StatementLexer.plain();
    lexer.push("select 1\n\\p\n");
    assertEquals("META \\p", "META " + ((StatementLexer.MetaCommand) lexer.next().orElseThrow()).text());
    assertEquals("select 1", lexer.queryBuffer());
  }

  @Test
  void aStatementIsSentAsPsqlSendsItWithItsSemicolonAndALineOfOnlyCommandsAddsNoNewline() {
    StatementLexer lexer = StatementLexer.plain();
    lexer.push("SELECT 3 \\p\nUNION SELECT 4 \\p\n\\p\nORDER BY 1 ;\n");
    lexer.next();
    assertEquals("SELECT 3 ", lexer.queryBuffer());
    lexer.next();
    assertEquals("SELECT 3 \nUNION SELECT 4 ", lexer.queryBuffer());
    lexer.next();
    assertEquals("SELECT 3 \nUNION SELECT 4 ", lexer.queryBuffer());
    StatementLexer.Statement s = (StatementLexer.Statement) lexer.next().orElseThrow();
    assertEquals("SELECT 3 \nUNION SELECT 4 \nORDER BY 1 ;", s.text());
    assertEquals("SELECT 3 \nUNION SELECT 4 \nORDER BY 1", s.sql());
  }

  /** Any split of a script into input chunks yields the same statements as the whole script. */
  @Test
  void anySplitIntoChunksYieldsTheSameItems() {
    String script = String.join("\n",
        "-- a script with every quoting form",
        "select 'a;b', E'c\\';d', \"e;f\", $$g;h$$, $t$ i; $$ j $t$;",
        "select /* k; /* l; */ m; */ 1 -- n;",
        ";",
        "\\set v 'x;y'",
        "select :'v', :v;",
        "create function f() returns int language plpgsql as $body$",
        "begin",
        "  return 1; -- ;",
        "end $body$;",
        "select (1;",
        "2);",
        "\\echo done \\\\ select 'tail'");
    Map<String, String> vars = Map.of("v", "7");
    List<String> whole = lex(script, vars);
    Random random = new Random(20261121);
    for (int trial = 0; trial < 500; trial++) {
      StatementLexer lexer = new StatementLexer(name -> Optional.ofNullable(vars.get(name)));
      List<String> items = new ArrayList<>();
      int pos = 0;
      while (pos < script.length()) {
        int len = 1 + random.nextInt(12);
        lexer.push(script.substring(pos, Math.min(script.length(), pos + len)));
        pos += len;
        for (var item = lexer.next(); item.isPresent(); item = lexer.next()) {
          items.add(item.get() instanceof StatementLexer.Statement s ? s.sql()
              : "META " + ((StatementLexer.MetaCommand) item.get()).text());
        }
      }
      items.addAll(drain(lexer));
      assertEquals(whole, items, "split trial " + trial);
    }
    assertEquals(8, whole.size(), whole.toString());
  }
}
