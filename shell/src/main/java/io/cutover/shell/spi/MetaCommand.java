package io.cutover.shell.spi;

import java.util.List;
import java.util.Optional;

/**
 * A backslash command. The shell builds {@code \?}, help, completion and dispatch from the
 * registered commands: found with {@link java.util.ServiceLoader} on the class path and in jars
 * under {@code ~/.cutover/extensions/}. Names match exactly, never by prefix.
 *
 * <p>New capabilities arrive as {@code default} methods, so an extension built against an older
 * shell keeps working.
 */
public interface MetaCommand {

  /** The names without the backslash; the first is the one {@code \?} shows. */
  List<String> names();

  /** One line for {@code \?}. */
  String summary();

  /** The syntax, e.g. {@code \backfill [--batch-size N|auto] [--workers N]}. */
  String usage();

  /**
   * What {@code \? NAME} and {@code \NAME --help} print: the usage, then every option described.
   * By default the usage and the summary.
   */
  default String help() {
    return usage() + "\n  " + summary();
  }

  /** The heading this command is listed under in {@code \?}. */
  default String group() {
    return "Extensions";
  }

  /**
   * Candidates for the argument being typed. {@code previous} holds the words before it.
   * Called on the terminal's thread: answer from memory, not from the database.
   */
  default List<String> complete(List<String> previous) {
    return List.of();
  }

  /**
   * What the argument being typed names ({@code previous} holds the words before it), for
   * completion from the catalog (loaded in the background) or the disk, besides {@link #complete}.
   */
  default ArgumentKind argumentKind(List<String> previous) {
    return ArgumentKind.OTHER;
  }

  /**
   * Runs the command. Throw {@link CommandException} for anything the user should read as an
   * error: the shell prints it, sets ERROR and SQLSTATE, and honours ON_ERROR_STOP. A
   * {@link java.sql.SQLException} is printed as a server error.
   */
  void execute(CommandContext context, Arguments arguments) throws Exception;

  /**
   * Says what a failure of {@link #execute} means when the server's words would not tell the
   * user what to do (a read-only connection, a timeout). Called on the calling thread with what
   * {@code execute} threw, a {@link java.sql.SQLException} or a {@link CommandException}; the
   * result is printed instead. Empty prints the failure as it is.
   */
  default Optional<CommandException> explain(Exception failure, CommandContext context) {
    return Optional.empty();
  }
}
