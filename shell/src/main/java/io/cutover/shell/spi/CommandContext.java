package io.cutover.shell.spi;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What a command may use of the shell. An interface, so that adding a capability (as a
 * {@code default} method) does not break extensions.
 */
public interface CommandContext {

  /**
   * The session's own connection: its transaction, SET and temporary tables are the user's.
   * Do not close it. Use it from the calling thread only.
   */
  Connection connection();

  /** Other connections to the same database, for background work; close what you borrow. */
  DataSource pool();

  Variables variables();

  Printer printer();

  /** Ctrl-C while the command runs. */
  Cancellation cancellation();

  /** Whether a person is at a terminal (not {@code -f}, {@code -c} or piped input). */
  boolean isInteractive();

  /**
   * Asks the user to confirm by typing {@code expected} (a table name, "yes"). In a script it
   * answers yes only when the shell was started with {@code --yes}, and otherwise refuses with
   * a message that names the flag.
   */
  void confirm(String question, String expected) throws CommandException;

  /**
   * Takes the SQL typed before this command and not yet sent (psql's query buffer), leaving
   * the buffer empty, as {@code \g} does. Empty when nothing was typed.
   */
  Optional<String> takeQueryBuffer();

  /** The SQL typed before this command and not yet sent, left in place. */
  Optional<String> queryBuffer();

  /** The SQL most recently sent, psql's "previous buffer" that {@code \g} repeats. */
  Optional<String> previousQuery();

  /** Resolves a path the user typed, relative to the working directory. */
  Path resolvePath(String path);

  /** The shell's environment (never {@code System.getenv} directly, so tests can inject it). */
  Map<String, String> environment();

  /** The directory for cutover's own files, {@code ~/.cutover}. */
  Path stateDirectory();

  /**
   * Installs a filter every SQL statement passes through before it is sent, or removes it
   * with {@code null}. One filter at a time; used to preview a rewritten application.
   */
  void setStatementFilter(StatementFilter filter);

  /** Whether {@code \timing} is on: commands that do measurable work may print {@code Time: ... ms}. */
  default boolean isTiming() {
    return false;
  }

  /** The filter installed with {@link #setStatementFilter}, if any. */
  default Optional<StatementFilter> statementFilter() {
    return Optional.empty();
  }

  /** Runs one SQL statement as if typed, printing its result in the current format. */
  void runSql(String sql) throws Exception;

  /**
   * Runs {@code task} on a thread of its own, after this command returns. The shell keeps track of
   * it: a script's end waits for it (saying so), and {@code \q} at the prompt asks before
   * stopping it through the task's cancellation. Use the pool, not {@link #connection()}, from the
   * task. This default, for shells that keep no such track, runs the task now, in the caller.
   *
   * @param name what the work is, in those messages ("backfill")
   */
  default void runInBackground(String name, BackgroundTask task) throws Exception {
    task.run(cancellation());
  }
}
