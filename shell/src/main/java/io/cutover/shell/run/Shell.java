package io.cutover.shell.run;

import io.cutover.shell.command.CommandRegistry;
import io.cutover.shell.connect.ConnectionSettings;
import io.cutover.shell.connect.EmbeddedServer;
import io.cutover.shell.render.PrintSettings;
import io.cutover.shell.session.Session;
import io.cutover.shell.session.SqlExecutor;
import io.cutover.shell.spi.StatementFilter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * The state of one shell: its session, variables, print settings, output and commands. The
 * input loop ({@link InputRunner}) and the commands act on it; it owns the connection and the
 * embedded server and closes both.
 */
public final class Shell implements AutoCloseable {

  private ShellEnvironment environment;
  private final ShellVariables variables = new ShellVariables();
  private final CommandRegistry commands = new CommandRegistry();
  private final SqlExecutor executor = new SqlExecutor();
  private final ShellCancellation cancellation = new ShellCancellation();
  private final BackgroundTasks background = new BackgroundTasks();

  private Session session;
  private EmbeddedServer embedded;
  private PrintSettings printSettings = PrintSettings.defaults();
  private Output output;
  private Output savedOutput;
  private boolean interactive;
  private boolean timing;
  private boolean assumeYes;
  private StatementFilter statementFilter;
  private UnaryOperator<String> sqlStyle = text -> text;
  private String previousQuery;
  private ProgressDisplay progressDisplay;
  private IntSupplier terminalHeight = () -> 0;
  private Runnable beforeOutput = () -> { };
  private Confirmer confirmer = question -> java.util.Optional.empty();
  private InputRunner runner;
  private BufferedReader standardInput;
  private String restrictKey;
  private final java.util.Deque<ScriptLocation> locations = new java.util.ArrayDeque<>();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private final Thread closeOnSignal = new Thread(this::close, "cutover-leave-embedded");

  public Shell(ShellEnvironment environment) {
    this.environment = environment;
    this.output = Output.standard(environment.out());
    this.progressDisplay = (label, total) -> new LineProgress(environment.err(), label, total);
  }

  // ---- connection

  /** Connects to {@code settings}, replacing (and closing) the current session on success. */
  public void connect(ConnectionSettings settings) throws SQLException {
    Session next = Session.open(settings);
    if (session != null) {
      session.close();
    }
    session = next;
    ConnectionSettings s = next.settings();
    variables.set("DBNAME", s.database());
    variables.set("USER", s.user());
    variables.set("HOST", s.host());
    variables.set("PORT", Integer.toString(s.port()));
    variables.set("SERVER_VERSION_NAME", next.parameter("server_version"));
    variables.set("ENCODING", next.parameter("client_encoding"));
  }

  /** Reconnects with the same settings after the connection was lost. */
  public void reconnect() throws SQLException {
    connect(session.settings());
  }

  public Session session() {
    return session;
  }

  /**
   * Takes the embedded server this shell started or joined; it is left when the shell closes, and
   * on SIGTERM too (a hook), so that the last session out stops it and no other is cut off.
   */
  public void adoptEmbedded(EmbeddedServer server) {
    if (embedded == null) {
      Runtime.getRuntime().addShutdownHook(closeOnSignal);
    }
    this.embedded = server;
  }

  public Optional<EmbeddedServer> embedded() {
    return Optional.ofNullable(embedded);
  }

  // ---- state

  /** The key of {@code \restrict}: while set, only <code>&#92;unrestrict</code> with it runs. */
  public Optional<String> restrictKey() {
    return Optional.ofNullable(restrictKey);
  }

  public void restrict(String key) {
    this.restrictKey = key;
  }

  public void unrestrict() {
    this.restrictKey = null;
  }

  public ShellEnvironment environment() {
    return environment;
  }

  /** {@code \setenv}: the environment of the commands the shell starts from now on. */
  public void setEnvironmentVariable(String name, String value) {
    environment = environment.withVariable(name, value);
  }

  public ShellVariables variables() {
    return variables;
  }

  public CommandRegistry commands() {
    return commands;
  }

  public SqlExecutor executor() {
    return executor;
  }

  ShellCancellation cancellation() {
    return cancellation;
  }

  /** Work commands left running; waited for at the end of a script. */
  public BackgroundTasks background() {
    return background;
  }

  public PrintSettings printSettings() {
    return printSettings;
  }

  public void setPrintSettings(PrintSettings settings) {
    this.printSettings = settings;
  }

  public boolean isInteractive() {
    return interactive;
  }

  public void setInteractive(boolean interactive) {
    this.interactive = interactive;
  }

  /** {@code --yes}: confirmations in scripts answer yes. */
  public boolean isAssumeYes() {
    return assumeYes;
  }

  public void setAssumeYes(boolean assumeYes) {
    this.assumeYes = assumeYes;
  }

  public boolean isTiming() {
    return timing;
  }

  public void setTiming(boolean timing) {
    this.timing = timing;
  }

  public Optional<StatementFilter> statementFilter() {
    return Optional.ofNullable(statementFilter);
  }

  public void setStatementFilter(StatementFilter filter) {
    this.statementFilter = filter;
  }

  public Optional<String> previousQuery() {
    return Optional.ofNullable(previousQuery);
  }

  void setPreviousQuery(String sql) {
    this.previousQuery = sql;
  }

  /** Sends results to {@code file}, or back to standard output when null ({@code \o}). */
  public void redirectOutput(Path file) throws IOException {
    Output next = file == null ? Output.standard(environment.out()) : Output.toFile(file);
    output.close();
    output = next;
  }

  /** Sends results into {@code command}'s standard input until the output is redirected again ({@code \o |cmd}). */
  public void pipeOutput(String command) throws IOException {
    Output next = Output.toPipe(command, environment);
    output.close();
    output = next;
  }

  /**
   * {@code \g FILE} and {@code \g |cmd}: the next results go to {@code file} or into
   * {@code command} (one of them given); {@link #closeQueryOutput} puts back the output in force.
   */
  public void openQueryOutput(Path file, String command) throws IOException {
    Output next = command != null ? Output.toPipe(command, environment) : Output.toFile(file);
    savedOutput = output;
    output = next;
  }

  public void closeQueryOutput() {
    if (savedOutput != null) {
      output.close();
      output = savedOutput;
      savedOutput = null;
    }
  }

  /** Where results go now. */
  public PrintStream out() {
    return output.stream();
  }

  boolean isOutputStandard() {
    return output.isStandard();
  }

  public PrintStream err() {
    return environment.err();
  }

  /**
   * The process's standard input, read through one buffer by all its readers (piped input, {@code -f -},
   * the data of a {@code -c} COPY FROM STDIN, {@code \copy ... from pstdin}), so none loses what another buffered.
   */
  public BufferedReader standardInput() {
    if (standardInput == null) {
      standardInput = new BufferedReader(
          new InputStreamReader(environment.in(), StandardCharsets.UTF_8));
    }
    return standardInput;
  }

  ProgressDisplay progressDisplay() {
    return progressDisplay;
  }

  /** Terminal wiring: status-line progress, the screen height for the pager, and a hook run before output. */
  public void attachTerminal(ProgressDisplay display, IntSupplier height, Runnable beforeOutputHook) {
    this.progressDisplay = display;
    this.terminalHeight = height;
    this.beforeOutput = beforeOutputHook;
  }

  /** How SQL printed for the user is styled on the terminal (syntax highlighting); plain by default. */
  public void setSqlStyle(UnaryOperator<String> style) {
    this.sqlStyle = style;
  }

  UnaryOperator<String> sqlStyle() {
    return sqlStyle;
  }

  /** How the user answers a confirmation at the terminal. */
  public void setConfirmer(Confirmer confirmer) {
    this.confirmer = confirmer;
  }

  Confirmer confirmer() {
    return confirmer;
  }

  /** The input loop; {@code \i} runs files through it. */
  public InputRunner runner() {
    if (runner == null) {
      runner = new InputRunner(this);
    }
    return runner;
  }

  /** The file being run now ({@code \ir} resolves against it), or none at the top level. */
  public ScriptLocation currentLocation() {
    return locations.isEmpty() ? ScriptLocation.none() : locations.peek();
  }

  void enter(ScriptLocation location) {
    locations.push(location);
  }

  void leave() {
    locations.pop();
  }

  /** How deep {@code \i} files are nested now. */
  int depth() {
    return locations.size();
  }

  int terminalHeight() {
    return terminalHeight.getAsInt();
  }

  void beforeOutput() {
    beforeOutput.run();
  }

  /** Ctrl-C: cancels the running statement on the server and tells the running command. */
  public void interrupt() {
    if (executor.isRunning()) {
      environment.err().println("Cancel request sent");
      executor.cancel();
    }
    cancellation.cancel();
  }

  /** Closes the output and the session, then leaves the embedded server; only the first call acts. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    output.close();
    if (session != null) {
      session.close();
    }
    if (embedded != null) {
      leaveEmbedded();
    }
  }

  private void leaveEmbedded() {
    if (Thread.currentThread() != closeOnSignal) {
      try {
        Runtime.getRuntime().removeShutdownHook(closeOnSignal);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting: the hook runs, finds the shell closed and returns.
      }
    }
    try {
      if (embedded.leave() instanceof EmbeddedServer.Departure.KeptRunning kept && !variables.isQuiet()) {
        environment.err().println("NOTICE:  the embedded server keeps running for " + EmbeddedServer.describe(kept.sessions())
            + "; the last cutover to leave stops it, or stop it now: " + embedded.stopCommand());
      }
    } catch (IOException e) {
      environment.err().println("WARNING:  could not stop the embedded server: " + e.getMessage());
    }
  }
}
