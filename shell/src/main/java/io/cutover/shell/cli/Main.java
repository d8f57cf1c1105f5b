package io.cutover.shell.cli;

import io.cutover.shell.command.CoreCommands;
import io.cutover.shell.connect.ConnectionResolver;
import io.cutover.shell.connect.ConnectionSettings;
import io.cutover.shell.connect.ConnectionTarget;
import io.cutover.shell.connect.ConninfoParser;
import io.cutover.shell.connect.EmbeddedServer;
import io.cutover.shell.connect.InvalidConninfoException;
import io.cutover.shell.plugin.ExtensionLoader;
import io.cutover.shell.repl.Repl;
import io.cutover.shell.run.ExitStatus;
import io.cutover.shell.run.InputRunner;
import io.cutover.shell.run.Shell;
import io.cutover.shell.run.ShellEnvironment;
import io.cutover.shell.run.ShellExit;
import io.cutover.shell.spi.Quoting;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The entry point: parses the command line, connects (starting the embedded server when no
 * server is named), and runs {@code -c}/{@code -f} actions, piped input or the interactive shell.
 */
public final class Main {

  /** What a password prompt reads from; empty when no one can answer. */
  @FunctionalInterface
  public interface PasswordReader {
    Optional<String> read(String prompt);
  }

  private final ShellEnvironment environment;
  private final Optional<Repl.TerminalFactory> terminal;
  private final PasswordReader passwords;

  /**
   * @param terminal the terminal a person types at, or empty when standard input is not one
   */
  public Main(ShellEnvironment environment, Optional<Repl.TerminalFactory> terminal, PasswordReader passwords) {
    this.environment = environment;
    this.terminal = terminal;
    this.passwords = passwords;
  }

  public static void main(String[] args) {
    ShellEnvironment env = ShellEnvironment.system();
    var console = System.console();
    PasswordReader passwords = prompt -> console == null ? Optional.empty()
        : Optional.ofNullable(console.readPassword("%s", prompt)).map(String::new);
    Optional<Repl.TerminalFactory> terminal = console == null ? Optional.empty() : Optional.of(Repl.TerminalFactory.system());
    int status = new Main(env, terminal, passwords).run(args);
    System.exit(status);
  }

  /** Runs the whole shell and returns its exit status. */
  public int run(String... args) {
    PrintStream err = environment.err();
    CliOptions options = new CliOptions();
    CommandLine cli = new CommandLine(options).setOverwrittenOptionsAllowed(true);
    cli.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(environment.out(), java.nio.charset.Charset.defaultCharset()), true));
    cli.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, java.nio.charset.Charset.defaultCharset()), true));
    try {
      cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("cutover: error: " + e.getMessage());
      err.println("Try \"cutover --help\" for more information.");
      return ExitStatus.FATAL.code();
    }
    if (cli.isUsageHelpRequested()) {
      cli.usage(environment.out());
      return ExitStatus.OK.code();
    }
    if (cli.isVersionHelpRequested()) {
      environment.out().println("cutover " + Version.text());
      return ExitStatus.OK.code();
    }
    if (options.embeddedStop) {
      return stopEmbedded(options.embeddedDirectory(environment.home()).orElseThrow());
    }
    if (options.fresh && options.embeddedDirectory(environment.home()).isEmpty()) {
      err.println("cutover: error: --fresh starts the embedded server from a new data directory: give --demo or"
          + " --embedded [DIR] with it");
      return ExitStatus.FATAL.code();
    }
    try (Shell shell = new Shell(environment)) {
      int status;
      try {
        status = run(options, shell);
      } catch (ShellExit e) {
        status = e.status().code();
      }
      // Leaving cuts off what commands left running (\backfill --background): a script's end waits.
      shell.background().awaitAll(err);
      return status;
    }
  }

  private int run(CliOptions options, Shell shell) {
    PrintStream err = environment.err();
    options.variables.forEach(shell.variables()::set);
    shell.setAssumeYes(options.yes);
    if (options.quiet) {
      shell.variables().set("QUIET", "on");
    }
    if (options.echoAll) {
      shell.variables().set("ECHO", "all");
    } else if (options.echoQueries) {
      shell.variables().set("ECHO", "queries");
    }
    boolean interactive = options.actions.isEmpty() && terminal.isPresent();
    shell.setInteractive(interactive);
    try {
      connect(options, shell);
    } catch (InvalidConninfoException e) {
      err.println("cutover: error: " + e.getMessage());
      return ExitStatus.FATAL.code();
    } catch (ConnectFailure e) {
      err.println("cutover: error: " + e.getMessage());
      return ExitStatus.CONNECTION.code();
    }
    registerCommands(shell);
    applyOutputOptions(options, shell);
    if (!options.noRc) {
      Path rc = environment.home().resolve(".cutoverrc");
      if (Files.isRegularFile(rc)) {
        shell.runner().runFile(rc);
      }
    }
    if (options.demo) {
      runDemoSetup(shell);
    }
    if (!options.actions.isEmpty()) {
      return runActions(options, shell);
    }
    if (interactive) {
      return new Repl(shell, terminal.get()).run().code();
    }
    InputRunner.Outcome outcome = shell.runner().runReader(shell.standardInput());
    return statusOf(outcome);
  }

  private void connect(CliOptions options, Shell shell)
      throws InvalidConninfoException, ConnectFailure {
    ConnectionResolver resolver = new ConnectionResolver(environment.variables(), environment.home());
    Map<String, String> given = new LinkedHashMap<>();
    if (options.conninfo().isPresent()) {
      given.putAll(ConninfoParser.parse(movedByLauncher(options.conninfo().get())));
    }
    if (options.host != null) {
      given.put("host", options.host);
    }
    if (options.port != null) {
      given.put("port", options.port);
    }
    options.positionalUser().ifPresent(u -> given.put("user", u));
    ConnectionTarget target = resolver.resolve(given, options.embeddedDirectory(environment.home()));
    resolver.warnings().forEach(w -> environment.err().println("WARNING:  " + w));
    ConnectionSettings settings = target instanceof ConnectionTarget.Embedded e
        ? startEmbedded(e, shell, options)
        : ((ConnectionTarget.Server) target).settings();
    try {
      shell.connect(settings);
    } catch (SQLException e) {
      if (target instanceof ConnectionTarget.Embedded embedded && stoppedUnder(shell, e)) {
        // Another shell, leaving last, stopped the server between its start (or our join) and our
        // first connection: it is down now, so this start makes a new one.
        ConnectionSettings again = startEmbedded(embedded, shell, options);
        try {
          shell.connect(again);
          return;
        } catch (SQLException stillNot) {
          throw new ConnectFailure(describe(again, stillNot));
        }
      }
      if (needsPassword(e) && settings.passwordIfAny().isEmpty() && terminal.isPresent()) {
        Optional<String> password = passwords.read("Password for user " + settings.user() + ": ");
        if (password.isPresent()) {
          try {
            shell.connect(settings.withPassword(password.get()));
            return;
          } catch (SQLException again) {
            throw new ConnectFailure(describe(settings, again));
          }
        }
      }
      throw new ConnectFailure(describe(settings, e));
    }
  }

  /**
   * scripts/cutover moves a conninfo that holds a password into {@link ConninfoParser#LAUNCHER_VARIABLE}, out of
   * the process's command line (which every local user can read), and leaves its name in its place.
   */
  private String movedByLauncher(String conninfo) throws InvalidConninfoException {
    if (!conninfo.equals("$" + ConninfoParser.LAUNCHER_VARIABLE)) {
      return conninfo;
    }
    String moved = environment.variables().get(ConninfoParser.LAUNCHER_VARIABLE);
    if (moved == null) {
      throw new InvalidConninfoException("the connection string is \"$" + ConninfoParser.LAUNCHER_VARIABLE + "\", but "
          + ConninfoParser.LAUNCHER_VARIABLE + " is not set: give the connection string itself, or set the variable");
    }
    return moved;
  }

  private ConnectionSettings startEmbedded(ConnectionTarget.Embedded target, Shell shell, CliOptions options)
      throws ConnectFailure {
    Path dir = target.dataDirectory();
    if (options.fresh && shell.embedded().isEmpty()) {
      try {
        EmbeddedServer.discard(dir);
      } catch (IOException e) {
        throw new ConnectFailure("--fresh: " + e.getMessage());
      }
    }
    try {
      EmbeddedServer server = EmbeddedServer.start(dir, environment.stateDirectory());
      shell.adoptEmbedded(server);
      if (!options.quiet) {
        environment.err().println(server.banner());
      }
      return server.settings(target.database().orElse("postgres"));
    } catch (IOException | RuntimeException e) {
      throw new ConnectFailure("could not start the embedded PostgreSQL in " + dir + ": " + e.getMessage()
          + "\nHINT:  check that the directory is writable and not used by another PostgreSQL version,"
          + " or use --embedded DIR for another one");
    }
  }

  private static boolean stoppedUnder(Shell shell, SQLException failure) throws ConnectFailure {
    try {
      return shell.embedded().orElseThrow().stoppedUnder(failure);
    } catch (IOException e) {
      throw new ConnectFailure("the embedded server stopped while this shell connected, and is not down yet: "
          + e.getMessage() + "\nHINT:  run the command again");
    }
  }

  /** {@code --embedded-stop}: a fast shutdown, whoever is connected, said in one line. */
  private int stopEmbedded(Path dir) {
    try {
      environment.err().println(EmbeddedServer.stop(dir)
          .map(ended -> "Stopped the embedded server in " + dir
              + (ended.isEmpty() ? "." : "; " + EmbeddedServer.describe(ended) + " disconnected."))
          .orElse("No embedded server runs in " + dir + "."));
      return ExitStatus.OK.code();
    } catch (IOException e) {
      environment.err().println("cutover: error: could not stop the embedded server in " + dir + ": " + e.getMessage());
      return ExitStatus.FATAL.code();
    }
  }

  private void registerCommands(Shell shell) {
    CoreCommands.create(shell).forEach(shell.commands()::register);
    ExtensionLoader loader = new ExtensionLoader();
    loader.load(environment.stateDirectory().resolve("extensions")).forEach(shell.commands()::register);
    loader.problems().forEach(p -> environment.err().println("WARNING:  " + p));
    shell.commands().conflicts().forEach(p -> environment.err().println("WARNING:  " + p));
  }

  /** {@code --demo}: the extension that owns the example loads it; the shell only asks. */
  private void runDemoSetup(Shell shell) {
    if (shell.commands().find("demo").isPresent()) {
      shell.runner().runCommandString("\\demo setup");
    } else {
      environment.err().println("WARNING:  --demo needs the migration extension (\\demo), which is not installed");
    }
  }

  /** -A, -t, -x, -F, -P, --csv and -o, applied as their meta-commands would be, silently (as psql does). */
  private static void applyOutputOptions(CliOptions options, Shell shell) {
    options.outputCommands.forEach(command -> runQuietly(shell, command));
  }

  /** Runs a command string with QUIET on, as psql runs what it sends on its own (errors still show). */
  private static void runQuietly(Shell shell, String command) {
    Optional<String> quiet = shell.variables().get("QUIET");
    shell.variables().set("QUIET", "on");
    try {
      shell.runner().runCommandString(command);
    } finally {
      quiet.ifPresentOrElse(q -> shell.variables().set("QUIET", q), () -> shell.variables().unset("QUIET"));
    }
  }

  private int runActions(CliOptions options, Shell shell) {
    if (!options.singleTransaction) {
      return runEachAction(options, shell);
    }
    // -1: one transaction around everything, as psql sends it (silently): committed unless
    // ON_ERROR_STOP is set and something failed (an aborted transaction's COMMIT rolls back anyway).
    runQuietly(shell, "BEGIN");
    int status = runEachAction(options, shell);
    boolean rollback = status != ExitStatus.OK.code() && shell.variables().isOnErrorStop();
    runQuietly(shell, rollback ? "ROLLBACK" : "COMMIT");
    return status;
  }

  private int runEachAction(CliOptions options, Shell shell) {
    int status = ExitStatus.OK.code();
    for (CliOptions.Action action : options.actions) {
      if (action instanceof CliOptions.RunCommand c) {
        InputRunner.Outcome o = shell.runner().runCommandString(c.text());
        status = o == InputRunner.Outcome.CONNECTION_LOST ? ExitStatus.CONNECTION.code()
            : shell.runner().lastFailed() ? ExitStatus.FATAL.code() : ExitStatus.OK.code();
      } else if (action instanceof CliOptions.RunFile f) {
        try {
          InputRunner.Outcome o = f.path().equals("-")
              ? shell.runner().runReader(shell.standardInput())
              : shell.runner().runFile(environment.workingDirectory().resolve(f.path()));
          status = statusOf(o);
        } catch (InputRunner.MissingFile e) {
          environment.err().println("cutover: error: " + e.getMessage());
          return ExitStatus.FATAL.code();
        }
      }
      if (status != ExitStatus.OK.code() && shell.variables().isOnErrorStop()) {
        break;
      }
    }
    return status;
  }

  private static int statusOf(InputRunner.Outcome outcome) {
    return switch (outcome) {
      case COMPLETED -> ExitStatus.OK.code();
      case STOPPED -> ExitStatus.SCRIPT_ERROR.code();
      case CONNECTION_LOST -> ExitStatus.CONNECTION.code();
    };
  }

  private static boolean needsPassword(SQLException e) {
    String state = e.getSQLState();
    return "08004".equals(state) && String.valueOf(e.getMessage()).contains("password")
        || "28P01".equals(state);
  }

  private static String describe(ConnectionSettings s, SQLException e) {
    String failed = "connection to server at \"" + s.host() + "\", port " + s.port() + " failed: " + e.getMessage();
    return !INVALID_CATALOG_NAME.equals(e.getSQLState()) ? failed : failed
        + "\nHINT:  cutover does not create databases (psql neither): connect to another (-d postgres) and run CREATE"
        + " DATABASE " + Quoting.identifier(s.database());
  }

  /** The database named does not exist. */
  private static final String INVALID_CATALOG_NAME = "3D000";

  /** The connection could not be made: exit status 2. */
  private static final class ConnectFailure extends Exception {
    ConnectFailure(String message) {
      super(message);
    }
  }
}
