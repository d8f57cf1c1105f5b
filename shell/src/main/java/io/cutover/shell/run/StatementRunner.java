package io.cutover.shell.run;

import io.cutover.shell.session.CopyStatement;
import io.cutover.shell.session.DateStyleGuard;
import io.cutover.shell.session.ErrorReport;
import io.cutover.shell.session.SqlExecutor;
import io.cutover.shell.session.TransactionCommands;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Variables;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.postgresql.core.TransactionState;

/**
 * Sends one SQL statement as the user typed it (after the {@code \cutover} filter, if any),
 * prints what came back, and keeps ERROR, SQLSTATE and ROW_COUNT up to date as psql does.
 */
final class StatementRunner {

  /** The savepoint psql sets before each statement in a transaction under ON_ERROR_ROLLBACK. */
  private static final String SAVEPOINT = "pg_psql_temporary_savepoint";

  private final Shell shell;
  private final ConsolePrinter printer;
  private final BooleanSupplier isInputInteractive;

  /** @param isInputInteractive whether the input being run is typed at a terminal (ON_ERROR_ROLLBACK=interactive) */
  StatementRunner(Shell shell, BooleanSupplier isInputInteractive) {
    this.shell = shell;
    this.printer = new ConsolePrinter(shell);
    this.isInputInteractive = isInputInteractive;
  }

  ConsolePrinter printer() {
    return printer;
  }

  /**
   * @param errorPrefix where an error is reported, asked after the statement ran: a COPY's data
   *     moves the input on, and psql names the line where the data ended
   */
  StepResult run(String typed, Supplier<String> errorPrefix, CopyEnds copyEnds) {
    return run(typed, errorPrefix, copyEnds, printer::table);
  }

  /** Whether a statement is run, or only described ({@code \gdesc}). */
  enum Mode { EXECUTE, DESCRIBE }

  StepResult run(String typed, Supplier<String> errorPrefix, CopyEnds copyEnds, ResultTarget target) {
    return run(typed, errorPrefix, copyEnds, target, Mode.EXECUTE);
  }

  /** @param target what becomes of each result's rows: printed, or taken by a command ({@code \gset}, {@code \gexec}) */
  StepResult run(String typed, Supplier<String> errorPrefix, CopyEnds copyEnds, ResultTarget target, Mode mode) {
    ShellVariables vars = shell.variables();
    String bare = withoutTerminator(typed);
    String sql = typed;
    if (shell.statementFilter().isPresent()) {
      try {
        String filtered = shell.statementFilter().get().filter(bare);
        sql = filtered.equals(bare) ? typed : filtered;
      } catch (Exception e) {
        shell.err().println(errorPrefix.get() + "ERROR:  statement filter failed: " + e.getMessage());
        return recordFailure(null, e.getMessage());
      }
    }
    Optional<String> style = DateStyleGuard.refusal(sql);
    if (style.isPresent()) {
      // Scripts may match this message.
      shell.err().println(errorPrefix.get() + "ERROR:  refused: DateStyle " + style.get() + " would close the session "
          + "(cutover's driver reads dates in the ISO style only)\n"
          + "HINT:  keep the ISO style; the field order may change, e.g. SET DateStyle = 'ISO, DMY'");
      return recordFailure("0A000", "refused: DateStyle " + style.get() + " would close the session");
    }
    String echo = vars.echo().toLowerCase(Locale.ROOT);
    if (echo.equals("queries")) {
      shell.out().println(sql);
      shell.out().flush();
    }
    shell.setPreviousQuery(typed);
    shell.cancellation().reset();
    long start = System.nanoTime();
    TransactionState before = shell.session().transactionState();
    boolean savepoint = false;
    try {
      savepoint = mode == Mode.EXECUTE && prepareTransaction(bare, before);
      Optional<CopyStatement.Direction> copy = CopyStatement.of(bare);
      SqlExecutor.Execution result = mode == Mode.DESCRIBE ? shell.executor().describe(shell.session().connection(), sql)
          : copy.isPresent()
          ? shell.executor().copy(shell.session().connection(), sql, copy.get(), copyEnds.in(), copyEnds.out())
          : shell.executor().execute(shell.session().connection(), sql, this::printNotice);
      boolean showTag = !vars.isQuiet()
          && !(copy.equals(Optional.of(CopyStatement.Direction.TO_STDOUT)) && copyEnds.outIsResults());
      long rows = 0;
      for (SqlExecutor.Outcome o : result.outcomes()) {
        if (o instanceof SqlExecutor.Rows r) {
          target.accept(r.table());
          rows = r.table().rows().size();
        } else if (o instanceof SqlExecutor.Tag t) {
          if (showTag && !t.tag().isEmpty()) {
            shell.beforeOutput();
            // The server ends an aborted transaction with ROLLBACK whatever ended it; pgjdbc gives no tag to read.
            boolean abortedEnd = before == TransactionState.FAILED && (t.tag().equals("COMMIT"));
            shell.out().println(abortedEnd ? "ROLLBACK" : t.tag());
          }
          rows = Math.max(0, t.count());
        } else if (o instanceof SqlExecutor.Note n) {
          shell.out().println(n.text());
        }
      }
      vars.set("ERROR", "false");
      vars.set("SQLSTATE", "00000");
      vars.set("ROW_COUNT", Long.toString(rows));
      printTiming(start);
      return StepResult.OK;
    } catch (SQLException e) {
      shell.err().print(errorPrefix.get() + ErrorReport.format(e, sql, vars.errorStyle()));
      if (echo.equals("errors")) {
        shell.err().println(errorPrefix.get() + "STATEMENT:  " + sql);
      }
      printTiming(start);
      return recordFailure(e.getSQLState(), ErrorReport.primaryMessage(e));
    } catch (CommandException e) {
      shell.err().println(errorPrefix.get() + e.getMessage());
      printTiming(start);
      return recordFailure(null, e.getMessage());
    } catch (IOException e) {
      shell.err().println(errorPrefix.get() + "could not transfer COPY data: " + e.getMessage());
      printTiming(start);
      return recordFailure(null, e.getMessage());
    } finally {
      if (savepoint) {
        settleSavepoint(bare);
      }
    }
  }

  /**
   * psql's AUTOCOMMIT off (a BEGIN before a statement outside a transaction, unless it cannot
   * run in one) and ON_ERROR_ROLLBACK (a savepoint before a statement inside one); true when the
   * savepoint was set.
   */
  private boolean prepareTransaction(String sql, TransactionState state) throws SQLException {
    ShellVariables vars = shell.variables();
    Connection connection = shell.session().connection();
    boolean autocommit = vars.get("AUTOCOMMIT").map(Variables::isTrue).orElse(true);
    if (state == TransactionState.IDLE && !autocommit && !TransactionCommands.takesNoImplicitBegin(sql)) {
      shell.executor().execute(connection, "BEGIN", this::printNotice);
      state = shell.session().transactionState();
    }
    String onErrorRollback = vars.get("ON_ERROR_ROLLBACK").orElse("off");
    boolean rollsBack = onErrorRollback.equalsIgnoreCase("interactive") ? isInputInteractive.getAsBoolean()
        : Variables.isTrue(onErrorRollback);
    if (state == TransactionState.OPEN && rollsBack) {
      shell.executor().execute(connection, "SAVEPOINT " + SAVEPOINT, this::printNotice);
      return true;
    }
    return false;
  }

  /** After the statement: back to the savepoint when it failed, else released (unless the user's own savepoint work took it). */
  private void settleSavepoint(String sql) {
    TransactionState state = shell.session().transactionState();
    String settle = state == TransactionState.FAILED ? "ROLLBACK TO " + SAVEPOINT
        : state == TransactionState.OPEN && !TransactionCommands.handlesSavepoints(sql) ? "RELEASE " + SAVEPOINT
        : null;
    if (settle == null) {
      return;
    }
    try {
      shell.executor().execute(shell.session().connection(), settle, this::printNotice);
    } catch (SQLException e) {
      shell.err().print(ErrorReport.format(e, settle, shell.variables().errorStyle()));
    }
  }

  private void printNotice(SQLWarning notice) {
    shell.err().println(ErrorReport.notice(notice, shell.variables().errorStyle()));
  }

  /** The statement without its {@code ;} and trailing blanks, as the classifiers read it. */
  private static String withoutTerminator(String text) {
    String s = text.stripTrailing();
    return s.endsWith(";") ? s.substring(0, s.length() - 1).stripTrailing() : s;
  }

  private StepResult recordFailure(String sqlState, String message) {
    ShellVariables vars = shell.variables();
    vars.set("ERROR", "true");
    vars.set("SQLSTATE", sqlState == null ? "XX000" : sqlState);
    vars.set("ROW_COUNT", "0");
    vars.set("LAST_ERROR_MESSAGE", message == null ? "" : message);
    vars.set("LAST_ERROR_SQLSTATE", sqlState == null ? "XX000" : sqlState);
    return StepResult.ERROR;
  }

  /** To standard output even when results go to a file ({@code \o}, {@code \g FILE}), as psql does. */
  private void printTiming(long start) {
    if (shell.isTiming()) {
      shell.environment().out().printf(Locale.ROOT, "Time: %.3f ms%n", (System.nanoTime() - start) / 1e6);
      shell.environment().out().flush();
    }
  }
}
