package io.cutover.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.shell.testkit.PostgresExtension;
import io.cutover.shell.testkit.ShellRun;
import io.cutover.shell.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The language of psql scripts (issue 16): result variables, VERBOSITY and SHOW_CONTEXT, the
 * statement shown with its semicolon, {@code \gset}, {@code \gexec}, {@code \gx}, {@code \gdesc},
 * special variables checked as psql checks them, {@code \setenv}/{@code \getenv}, {@code \qecho},
 * {@code \warn}, {@code :{?name}} and the empty query. The expected texts are what psql 15.18
 * printed for the same script on standard input ({@code psql -X -q < script}).
 */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Tag("postgres")
class PsqlLanguageTest {

  static TestDatabase db;

  @BeforeAll
  static void createDatabase(TestDatabase database) {
    db = database;
  }

  private static final String SCRIPT = "create temporary table t (a int, b text);\n"
      + "insert into t values (1, 'one'), (2, NULL);\n"
      + "select nosuch from t;\n"
      + "\\echo :ERROR :SQLSTATE :ROW_COUNT :LAST_ERROR_SQLSTATE :'LAST_ERROR_MESSAGE'\n"
      + "select a from t order by a \\gset\n"
      + "select a, b from t where a = 1 \\gset v_\n"
      + "\\echo :v_a :v_b :{?v_a} :{?nope}\n"
      + "select a, b from t where a = 2 \\gset v_\n"
      + "\\echo :v_b\n"
      + "select 1 as \"EOF\", 'x' as \"bad name\" \\gset IGNORE\n"
      + "select 'select ' || a || ' as n' from t order by a \\gexec\n"
      + "select 1 as a, 'two' as b \\gx\n"
      + "select a::numeric(5,2), b::varchar(3), $1 as p from t \\gdesc\n"
      + "\\set VERBOSITY terse\n"
      + "select 1 union;\n"
      + "\\set VERBOSITY sqlstate\n"
      + "select 1/0;\n"
      + "\\set VERBOSITY default\n"
      + "do $$ begin raise notice 'n'; perform 1/0; end $$;\n"
      + "\\set SHOW_CONTEXT never\n"
      + "do $$ begin perform 1/0; end $$;\n"
      + "\\set SHOW_CONTEXT always\n"
      + "do $$ begin raise notice 'n2'; end $$;\n"
      + "\\set ON_ERROR_ROLLBACK maybe\n"
      + "\\set AUTOCOMMIT 2\n"
      + "\\set FETCH_COUNT x\n"
      + "\\unset ECHO_HIDDEN\n"
      + "\\echo :ECHO_HIDDEN :ON_ERROR_ROLLBACK\n"
      + "\\set ON_ERROR_ROLLBACK\n"
      + "\\echo :ON_ERROR_ROLLBACK\n"
      + "\\setenv CUTOVER_T 'a value'\n"
      + "\\getenv got CUTOVER_T\n"
      + "\\echo :got\n"
      + "\\qecho to query output\n"
      + "\\warn -n warned\n"
      + "\\echo '-n' kept\n"
      + ";\n"
      + "\\echo :ERROR :SQLSTATE\n";

  private static final String PSQL_OUT = "true 42703 0 42703 'column \"nosuch\" does not exist'\n"
      + "1 one TRUE FALSE\n"
      + ":v_b\n"
      + " n \n"
      + "---\n"
      + " 1\n"
      + "(1 row)\n"
      + "\n"
      + " n \n"
      + "---\n"
      + " 2\n"
      + "(1 row)\n"
      + "\n"
      + "-[ RECORD 1 ]\n"
      + "a | 1\n"
      + "b | two\n"
      + "\n"
      + " Column |         Type         \n"
      + "--------+----------------------\n"
      + " a      | numeric(5,2)\n"
      + " b      | character varying(3)\n"
      + " p      | text\n"
      + "(3 rows)\n"
      + "\n"
      + "off off\n"
      + "on\n"
      + "a value\n"
      + "to query output\n"
      + "-n kept\n"
      + "false 00000\n";

  private static final String PSQL_ERR = "ERROR:  column \"nosuch\" does not exist\n"
      + "LINE 1: select nosuch from t;\n"
      + "               ^\n"
      + "more than one row returned for \\gset\n"
      + "attempt to \\gset into specially treated variable \"IGNOREEOF\" ignored\n"
      + "invalid variable name: \"IGNOREbad name\"\n"
      + "ERROR:  syntax error at or near \";\" at character 15\n"
      + "ERROR:  22012\n"
      + "NOTICE:  n\n"
      + "ERROR:  division by zero\n"
      + "CONTEXT:  SQL statement \"SELECT 1/0\"\n"
      + "PL/pgSQL function inline_code_block line 1 at PERFORM\n"
      + "ERROR:  division by zero\n"
      + "NOTICE:  n2\n"
      + "CONTEXT:  PL/pgSQL function inline_code_block line 1 at RAISE\n"
      + "unrecognized value \"maybe\" for \"ON_ERROR_ROLLBACK\"\n"
      + "Available values are: on, off, interactive.\n"
      + "unrecognized value \"2\" for \"AUTOCOMMIT\": Boolean expected\n"
      + "invalid value \"x\" for \"FETCH_COUNT\": integer expected\n"
      + "warned";

  @Test
  void aScriptPrintsWhatPsqlPrints() {
    var r = ShellRun.on(db).args("-q").stdin(SCRIPT).run();
    assertEquals(PSQL_ERR, r.err());
    assertEquals(PSQL_OUT, r.out());
  }

  @Test
  void verboseErrorsCarryTheSqlstateAndTheServersLocation() {
    var r = ShellRun.on(db).args("-q", "-v", "VERBOSITY=verbose").stdin("select 1/0;\n").run();
    assertTrue(r.err().startsWith("ERROR:  22012: division by zero\nLOCATION:  int4div, int.c:"), r.err());
  }
  private static final String CROSSTAB = "create temporary table ct (v text, h text, d int, s int);\n"
      + "insert into ct values ('b', 'x y', 1, 2), ('a', NULL, NULL, 1), ('b', 'Z', 3, 0), ('a', 'x y', 4, 2);\n"
      + "\\pset null '(null)'\n"
      + "select v, h, d, s from ct \\crosstabview v h d s\n"
      + "select h, v, d from ct \\crosstabview\n"
      + "select v, h, d, s from ct \\crosstabview 2 \"v\" 3\n"
      + "select v, h, d from ct \\crosstabview v H\n"
      + "select v, h, d from ct \\crosstabview 1 1\n"
      + "select v, h, d, s from ct \\crosstabview 1 2\n"
      + "select 'a' as v, 'h' as h, 1 as d union all select 'a', 'h', 2 \\crosstabview\n";

  private static final String CROSSTAB_OUT = " v | Z | (null) | x y \n"
      + "---+---+--------+-----\n"
      + " b | 3 |        |   1\n"
      + " a |   | (null) |   4\n"
      + "(2 rows)\n"
      + "\n"
      + "   h    | b |   a    \n"
      + "--------+---+--------\n"
      + " x y    | 1 |      4\n"
      + " (null) |   | (null)\n"
      + " Z      | 3 |       \n"
      + "(3 rows)\n"
      + "\n"
      + "   h    | b |   a    \n"
      + "--------+---+--------\n"
      + " x y    | 1 |      4\n"
      + " (null) |   | (null)\n"
      + " Z      | 3 |       \n"
      + "(3 rows)\n"
      + "\n"
      + " v | x y | (null) | Z \n"
      + "---+-----+--------+---\n"
      + " b |   1 |        | 3\n"
      + " a |   4 | (null) |  \n"
      + "(2 rows)\n"
      + "\n";

  private static final String CROSSTAB_ERR = "\\crosstabview: vertical and horizontal headers must be different columns\n"
      + "\\crosstabview: data column must be specified when query returns more than three columns\n"
      + "\\crosstabview: query result contains multiple data values for row \"a\", column \"h\"\n";

  @Test
  void crosstabviewPivotsAsPsqlDoes() {
    var r = ShellRun.on(db).args("-q").stdin(CROSSTAB).run();
    assertEquals(CROSSTAB_ERR, r.err());
    assertEquals(CROSSTAB_OUT, r.out());
  }
  private static final String PSET = "\\pset format csv\n"
      + "\\pset csv_fieldsep ';'\n"
      + "select 'a;b' as \"x;y\", ' lead' as l, null as n, '\\.' as d;\n"
      + "\\pset csv_fieldsep '\\0'\n"
      + "\\pset csv_fieldsep '\"'\n"
      + "\\pset csv_fieldsep '.'\n"
      + "select 'v' as c1, '' as c2;\n"
      + "\\pset format aligned\n"
      + "\\pset title 'The title'\n"
      + "select 1 as one \\gx\n"
      + "\\pset title\n"
      + "select 1 as one \\g (format=csv csv_fieldsep='\\t' title=t)\n"
      + "\\if maybe\n"
      + "\\endif\n";

  private static final String PSET_OUT = "\"x;y\";l;n;d\n"
      + "\"a;b\"; lead;;\"\\.\"\n"
      + "\"c1\".\"c2\"\n"
      + "\"v\".\"\"\n"
      + "The title\n"
      + "-[ RECORD 1 ]\n"
      + "one | 1\n"
      + "\n"
      + "one\n"
      + "1\n";

  private static final String PSET_ERR = "\\pset: csv_fieldsep must be a single one-byte character\n"
      + "\\pset: csv_fieldsep cannot be a double quote, a newline, or a carriage return\n"
      + "unrecognized value \"maybe\" for \"\\if expression\": Boolean expected\n";

  @Test
  void csvFieldSeparatorAndTitleAsPsqlSetsThem() {
    var r = ShellRun.on(db).args("-q").stdin(PSET).run();
    assertEquals(PSET_ERR, r.err());
    assertEquals(PSET_OUT, r.out());
  }

  @Test
  void backslashSemicolonSendsSeveralStatementsAsOneQuery() {
    var r = ShellRun.on(db).args("-q").stdin("SELECT 1 AS one \\; SELECT 2 AS two ;\n"
        + "SELECT 5 \\; SELECT 6 + \\; SELECT 7 ;\nselect 'a\\:b' as c;\n").run();
    assertEquals(" one \n-----\n   1\n(1 row)\n\n two \n-----\n   2\n(1 row)\n\n  c   \n------\n a\\:b\n(1 row)\n\n",
        r.out());
    assertEquals("ERROR:  syntax error at or near \";\"\nLINE 1: SELECT 5 ; SELECT 6 + ; SELECT 7 ;\n"
        + "                              ^\n", r.err());
  }
}
