package io.cutover.shell.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line, as psql spells it. Options and the conninfo may come in any order. */
@Command(name = "cutover", sortOptions = false, usageHelpAutoWidth = true,
    description = "cutover, an interactive SQL shell for PostgreSQL that runs online dimension migrations.%n",
    footer = {"%nWith no connection options and no PG* variables, cutover starts an embedded PostgreSQL 17",
        "whose data is kept in ~/.cutover/embedded (--demo: ~/.cutover/demo). It keeps running while any",
        "session uses it; the last cutover to leave stops it (or --embedded-stop).",
        "%nExit status: 0 ok, 1 fatal error, 2 connection failure, 3 script error with ON_ERROR_STOP."})
final class CliOptions {

  /** One {@code -c} or {@code -f}, in the order given. */
  sealed interface Action permits RunCommand, RunFile {
  }

  record RunCommand(String text) implements Action {
  }

  record RunFile(String path) implements Action {
  }

  final List<Action> actions = new ArrayList<>();
  final Map<String, String> variables = new LinkedHashMap<>();
  /** Output settings from -A, -t, -x, -F, -P, --csv and -o, as the meta-commands that make them. */
  final List<String> outputCommands = new ArrayList<>();

  @Parameters(arity = "0..2", paramLabel = "CONNINFO [USER]",
      description = "postgresql:// URI, jdbc:postgresql:// URL, keyword=value string, or a database name")
  List<String> positionals = new ArrayList<>();

  @Option(names = {"-c", "--command"}, paramLabel = "COMMAND",
      description = "run only single command (SQL or internal) and exit; repeatable")
  void command(String text) {
    actions.add(new RunCommand(text));
  }

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "execute commands from file, then exit; - is standard input; repeatable")
  void file(String path) {
    actions.add(new RunFile(path));
  }

  @Option(names = {"-v", "--set", "--variable"}, paramLabel = "NAME=VALUE",
      description = "set psql variable NAME to VALUE (e.g., -v ON_ERROR_STOP=1)")
  void variable(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "invalid variable assignment \"" + assignment + "\": expected NAME=VALUE");
    }
    variables.put(assignment.substring(0, eq), assignment.substring(eq + 1));
  }

  @Option(names = {"-h", "--host"}, paramLabel = "HOSTNAME", description = "database server host")
  String host;

  @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "database server port")
  String port;

  @Option(names = {"-U", "--username"}, paramLabel = "USERNAME", description = "database user name")
  String user;

  @Option(names = {"-d", "--dbname"}, paramLabel = "DBNAME", description = "database name or conninfo to connect to")
  String database;

  @Option(names = {"-X", "--no-psqlrc"}, description = "do not read the startup file (~/.cutoverrc)")
  boolean noRc;

  @Option(names = {"-q", "--quiet"}, description = "run quietly (no messages, only query output)")
  boolean quiet;

  @Option(names = {"-a", "--echo-all"}, description = "echo all input from script")
  boolean echoAll;

  @Option(names = {"-e", "--echo-queries"}, description = "echo commands sent to server")
  boolean echoQueries;

  @Option(names = {"-1", "--single-transaction"},
      description = "execute as a single transaction (with -c and -f); rolled back if any command fails")
  boolean singleTransaction;

  @Option(names = {"-A", "--no-align"}, description = "unaligned table output mode")
  void noAlign(boolean on) {
    outputCommands.add("\\pset format unaligned");
  }

  @Option(names = "--csv", description = "CSV (comma-separated values) table output mode")
  void csv(boolean on) {
    outputCommands.add("\\pset format csv");
  }

  @Option(names = {"-t", "--tuples-only"}, description = "print rows only")
  void tuplesOnly(boolean on) {
    outputCommands.add("\\pset tuples_only on");
  }

  @Option(names = {"-x", "--expanded"}, description = "turn on expanded table output")
  void expanded(boolean on) {
    outputCommands.add("\\pset expanded on");
  }

  @Option(names = {"-F", "--field-separator"}, paramLabel = "STRING",
      description = "field separator for unaligned output (default: \"|\")")
  void fieldSeparator(String separator) {
    outputCommands.add("\\pset fieldsep " + quoted(separator));
  }

  @Option(names = {"-P", "--pset"}, paramLabel = "VAR[=ARG]",
      description = "set printing option VAR to ARG (see \\pset command); repeatable")
  void pset(String assignment) {
    int eq = assignment.indexOf('=');
    outputCommands.add(eq < 0 ? "\\pset " + quoted(assignment)
        : "\\pset " + quoted(assignment.substring(0, eq)) + " " + quoted(assignment.substring(eq + 1)));
  }

  @Option(names = {"-o", "--output"}, paramLabel = "FILENAME", description = "send query results to file (or |pipe)")
  void output(String file) {
    outputCommands.add("\\o " + quoted(file));
  }

  /** A meta-command argument as psql reads it back: in single quotes, quotes doubled, backslashes escaped. */
  private static String quoted(String word) {
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  @Option(names = "--embedded", arity = "0..1", paramLabel = "DIR", fallbackValue = "",
      description = "use the embedded PostgreSQL, with data in DIR (default ~/.cutover/embedded)")
  String embedded;

  @Option(names = "--demo", description = "the embedded PostgreSQL with the heartbeats example loaded"
      + " (data in ~/.cutover/demo)")
  boolean demo;

  @Option(names = "--fresh", description = "with --demo or --embedded: start from a new, empty data directory"
      + " (the old one is removed)")
  boolean fresh;

  @Option(names = "--embedded-stop", description = "stop the embedded server (of --embedded DIR or --demo) for"
      + " every session using it, then exit")
  boolean embeddedStop;

  @Option(names = {"-y", "--yes"}, description = "answer yes to confirmations (for scripts)")
  boolean yes;

  @Option(names = {"-?", "--help"}, usageHelp = true, description = "show this help, then exit")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "output version information, then exit")
  boolean version;

  /** The conninfo typed, with -d taking the place of the first positional. */
  Optional<String> conninfo() {
    if (database != null) {
      return Optional.of(database);
    }
    return positionals.isEmpty() ? Optional.empty() : Optional.of(positionals.get(0));
  }

  Optional<String> positionalUser() {
    return Optional.ofNullable(user).or(() -> positionals.size() > 1 ? Optional.of(positionals.get(1)) : Optional.empty());
  }

  Optional<Path> embeddedDirectory(Path home) {
    if (embedded == null && !demo && !embeddedStop) {
      return Optional.empty();
    }
    if (embedded == null || embedded.isEmpty()) {
      // The demo's own directory: --demo --fresh never removes what the user keeps in the other.
      return Optional.of(home.resolve(".cutover").resolve(demo ? "demo" : "embedded"));
    }
    return Optional.of(Path.of(embedded).toAbsolutePath());
  }
}
